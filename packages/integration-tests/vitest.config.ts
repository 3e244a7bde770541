import { mergeConfig } from 'vitest/config';
import { mnistkitProject } from '../../vitest.shared.js';

// The global setup packs every library once; the test files install, lint and bundle those tarballs.
export default mergeConfig(mnistkitProject('@mnistkit/integration-tests', { testTimeout: 600_000 }) as object, {
  test: { globalSetup: ['./test/global-setup.ts'], hookTimeout: 900_000 },
});
