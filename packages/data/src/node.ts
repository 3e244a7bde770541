export {
  DEBIAN_FASHION_MNIST_DIR,
  FASHION_MNIST_CLASSES,
  loadFashionMnist,
  loadIdxDirectory,
  loadMnist,
  mnistDataDir,
  readIdxFile,
  type TrainTest,
} from './idx-directory.js';
