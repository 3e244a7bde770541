export { gunzipFile } from './gunzip-file.js';
export {
  DEBIAN_FASHION_MNIST_DIR,
  loadFashionMnist,
  loadIdxDirectory,
  readIdxFile,
  type TrainTest,
} from './idx-directory.js';
export {
  decodePngToGray,
  ImageFolderDataset,
  type ImageFolderOptions,
  loadImageFolder,
} from './image-folder.js';
export * from './index.js';
export { DATASET_SPEC_HELP, type LoadedDataset, loadDataset } from './load-dataset.js';
export { loadMnist, mnistDataDir } from './load-mnist.js';
export { checkPngHeader, checkPngHeaders, MAX_PNG_SIDE } from './png-header.js';
