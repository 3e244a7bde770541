export {
  DEBIAN_FASHION_MNIST_DIR,
  loadFashionMnist,
  loadIdxDirectory,
  loadMnist,
  mnistDataDir,
  readIdxFile,
  type TrainTest,
} from './idx-directory.js';
export {
  decodePngToGray,
  ImageFolderDataset,
  type ImageFolderOptions,
  loadImageFolder,
  rgbaToGray,
} from './image-folder.js';
export * from './index.js';
export { DATASET_SPEC_HELP, type LoadedDataset, loadDataset } from './load-dataset.js';
export { checkPngHeader, checkPngHeaders, MAX_PNG_SIDE } from './png-header.js';
