export { extractMnist } from './extract-mnist.js';
export * from './index.js';
export { mnistDirectory } from './mnist-directory.js';
