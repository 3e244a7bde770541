import './register-kernels.js';

export {
  browserGpuProbes,
  type GpuProbe,
  type GpuProbes,
  isSoftwareRenderer,
  probeWebGl,
  probeWebGpu,
} from './gpu-probe.js';
export {
  ADAM_UPDATE_KERNEL,
  type AdamUpdateAttrs,
  type AdamUpdateInputs,
} from './kernels/adam-update.js';
export {
  fastPathKernelNames,
  mnistkitKernels,
  registerMnistkitKernels,
  restoreStockKernels,
} from './register-kernels.js';
export { type BackendAttempt, BackendError, type BackendReport } from './select.js';
export {
  BROWSER_BACKEND_CHOICES,
  type BrowserBackendChoice,
  browserCandidates,
  type SelectBackendOptions,
  selectBackend,
} from './select-backend.js';
