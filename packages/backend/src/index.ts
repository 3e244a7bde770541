// The browser-safe entry: re-exports only. Importing it registers mnistkit's kernels (register-kernels.ts).
import './register-kernels.js';

export {
  ADAM_UPDATE,
  ADAM_UPDATE_KERNEL,
  type AdamUpdateAttrs,
  type AdamUpdateInputs,
  MnistkitAdamUpdate,
  MnistkitSimpleCNNGradients,
  SIMPLE_CNN_GRADIENTS,
  type SimpleCNNGradientsInputs,
} from './kernel-names.js';
export { startKernelPhaseProfile, stopKernelPhaseProfile } from './kernels/phase-profile.js';
export {
  fastPathKernelNames,
  mnistkitKernels,
  registerMnistkitKernels,
  restoreStockKernels,
} from './register-kernels.js';
export { type BackendAttempt, BackendError, type BackendReport } from './select.js';
export {
  type BrowserBackendChoice,
  browserCandidates,
  type SelectBackendOptions,
  selectBackend,
} from './select-backend.js';
export { RELAXED_SIMD_V8_FLAG, relaxedSimdNodeFlags } from './wasm/relaxed-simd-flags.js';
export { setWasmSimdVariant, type WasmSimdVariant, wasmSimdVariant } from './wasm/simd-module.js';
