import { mnistkitProject } from '../../vitest.shared.js';
import { relaxedSimdNodeFlags } from './src/wasm/relaxed-simd-flags.js';

// The kernel tests run on both builds of mnistkit's wasm module; Node 20 accepts the relaxed-SIMD one only with
// its V8 flag given at start-up.
export default mnistkitProject('@mnistkit/backend', { execArgv: relaxedSimdNodeFlags() });
