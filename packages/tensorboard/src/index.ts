export { crc32c, maskedCrc32c } from './crc32c.js';
export { TensorBoardError } from './errors.js';
export { encodeEvent, type SummaryImage, type SummaryValue, type TensorBoardEvent } from './event.js';
export { EventLog, type EventLogOptions, FILE_VERSION } from './event-log.js';
export { type PngInfo, pngInfo } from './png-info.js';
export { readTfrecords, tfrecord } from './tfrecord.js';
