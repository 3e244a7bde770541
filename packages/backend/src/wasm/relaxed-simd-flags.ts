/** The V8 flag that turns on WebAssembly relaxed SIMD in Node 20 (V8 11.3); Node 22 (V8 12) has it on and refuses the flag. */
export const RELAXED_SIMD_V8_FLAG = '--experimental-wasm-relaxed-simd';

/**
 * The command-line flags a Node process of this version (or of V8 version `v8`) needs for relaxed SIMD: the flag
 * before V8 11.4 (Node 20), none after (on by default). For spawning a child `node` or setting vitest's `execArgv`.
 */
export function relaxedSimdNodeFlags(v8: string | undefined = globalThis.process?.versions?.v8): string[] {
  if (v8 === undefined) return [];
  const [major = 0, minor = 0] = v8.split('.').map(Number);
  return major < 11 || (major === 11 && minor < 4) ? [RELAXED_SIMD_V8_FLAG] : [];
}
