import { createRequire } from 'node:module';

/** This app's version, from its package.json (read at run time so it never drifts). */
export const TRAINER_VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string })
  .version;
