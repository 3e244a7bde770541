export * from './index.js';
export { SummaryWriter, type SummaryWriterOptions } from './summary-writer.js';
