export { MNIST_FILES, type MnistFile, type MnistPart } from './mnist-files.js';
