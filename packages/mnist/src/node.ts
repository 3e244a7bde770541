export * from './index.js';
export { mnistDirectory } from './mnist-directory.js';
