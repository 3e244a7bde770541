import { mnistkitProject } from '../../vitest.shared.ts';

export default mnistkitProject('@mnistkit/trainer');
