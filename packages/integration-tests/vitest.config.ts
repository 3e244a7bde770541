import { mnistkitProject } from '../../vitest.shared.js';

export default mnistkitProject('@mnistkit/integration-tests', { testTimeout: 600_000 });
