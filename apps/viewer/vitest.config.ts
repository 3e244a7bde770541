import { mergeConfig } from 'vitest/config';
import { mnistkitProject } from '../../vitest.shared.js';

// The browser tests' global setup builds the app with Vite, prepares the model fixture and serves both.
export default mergeConfig(mnistkitProject('@mnistkit/viewer', { testTimeout: 120_000 }) as object, {
  test: { globalSetup: ['./test/global-setup.ts'] },
});
