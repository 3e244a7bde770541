/** What a look at one GPU API of this browser found, before any TensorFlow.js backend is loaded. */
export interface GpuProbe {
  /** The API gives a device (an adapter, a context) at all. */
  available: boolean;
  /** The device is a software rasteriser (SwiftShader, llvmpipe, WARP…): it computes on the CPU, slower than wasm. */
  software: boolean;
  /** The device as the browser names it (renderer or adapter), or why there is none. */
  description: string;
}

/** How `selectBackend` looks at the GPU APIs; the defaults ask the browser, tests pass fakes. */
export interface GpuProbes {
  webgpu: () => Promise<GpuProbe>;
  webgl: () => GpuProbe;
}

/**
 * Renderer, vendor or adapter names of software rasterisers: Chromium's SwiftShader (WebGL via ANGLE, and WebGPU's
 * fallback adapter), Mesa's llvmpipe/lavapipe/softpipe, Windows' WARP ("Microsoft Basic Render Driver"), Apple's
 * software renderer.
 */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render|\bwarp\b|mesa offscreen/i;

/** Whether a GPU name is one of a software rasteriser (see `SOFTWARE_RENDERER`). */
export function isSoftwareRenderer(name: string): boolean {
  return SOFTWARE_RENDERER.test(name);
}

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

interface AdapterLike {
  info?: AdapterInfoLike;
  isFallbackAdapter?: boolean;
  requestAdapterInfo?: () => Promise<AdapterInfoLike>;
}

interface NavigatorWithGpu {
  gpu?: { requestAdapter: (options?: { powerPreference?: string }) => Promise<AdapterLike | null> };
}

/** Looks for a WebGPU adapter the way tfjs-backend-webgpu asks for one (high performance) and names it. */
export async function probeWebGpu(): Promise<GpuProbe> {
  const gpu = (globalThis.navigator as NavigatorWithGpu | undefined)?.gpu;
  if (gpu === undefined) {
    return { available: false, software: false, description: 'this browser has no WebGPU (navigator.gpu)' };
  }
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (adapter === null) {
    return { available: false, software: false, description: 'navigator.gpu.requestAdapter() found no adapter' };
  }
  // adapter.info since Chromium 127; requestAdapterInfo() before it.
  const info = adapter.info ?? (await adapter.requestAdapterInfo?.()) ?? {};
  const parts = [info.vendor, info.architecture, info.device, info.description].filter((p) => p !== undefined && p);
  const description = parts.length > 0 ? `adapter ${parts.join(' ')}` : 'adapter (unnamed)';
  const fallback = info.isFallbackAdapter === true || adapter.isFallbackAdapter === true;
  return { available: true, software: fallback || isSoftwareRenderer(description), description };
}

type GlContext = WebGL2RenderingContext | WebGLRenderingContext;

function glContext(options: WebGLContextAttributes): GlContext | null {
  // A page has a document; a worker has OffscreenCanvas (as tfjs-backend-webgl uses there).
  const canvas =
    typeof OffscreenCanvas !== 'undefined'
      ? new OffscreenCanvas(1, 1)
      : typeof document !== 'undefined'
        ? document.createElement('canvas')
        : undefined;
  if (canvas === undefined) return null;
  return (canvas.getContext('webgl2', options) ?? canvas.getContext('webgl', options)) as GlContext | null;
}

function release(gl: GlContext): void {
  gl.getExtension('WEBGL_lose_context')?.loseContext();
}

/**
 * Opens a throw-away WebGL context and names its renderer (unmasked where the browser allows). Software is reported
 * when the browser flags a major performance caveat or when the renderer is a software rasteriser: Chromium with
 * SwiftShader enabled does not always flag the caveat, so the name is checked too.
 */
export function probeWebGl(): GpuProbe {
  if (typeof OffscreenCanvas === 'undefined' && typeof document === 'undefined') {
    return {
      available: false,
      software: false,
      description: 'no canvas in this context (no document, no OffscreenCanvas)',
    };
  }
  const fast = glContext({ failIfMajorPerformanceCaveat: true });
  const gl = fast ?? glContext({});
  if (gl === null) return { available: false, software: false, description: 'the browser gives no WebGL context' };
  try {
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(debug === null ? gl.RENDERER : debug.UNMASKED_RENDERER_WEBGL));
    if (fast === null) {
      return { available: true, software: true, description: `renderer ${renderer} (major performance caveat)` };
    }
    return { available: true, software: isSoftwareRenderer(renderer), description: `renderer ${renderer}` };
  } finally {
    release(gl);
  }
}

/** The probes of this browser (or worker). */
export const browserGpuProbes: GpuProbes = { webgpu: probeWebGpu, webgl: probeWebGl };
