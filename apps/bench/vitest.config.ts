import { mnistkitProject } from '../../vitest.shared.js';

export default mnistkitProject('@mnistkit/bench');
