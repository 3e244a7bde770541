import { mergeConfig } from 'vitest/config';
import { mnistkitProject } from '../../vitest.shared.js';

// The end-to-end tests run the built CLI as a child process; the global setup builds it (and any dependency
// whose dist/ is missing or older than its source) first.
export default mergeConfig(mnistkitProject('@mnistkit/trainer', { testTimeout: 120_000 }) as object, {
  test: { globalSetup: ['./test/build-cli.ts'] },
});
