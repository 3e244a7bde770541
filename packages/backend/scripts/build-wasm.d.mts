/** The package directory. */
export const root: string;
/** The two builds of assembly/: output file stem, the embedded constant's name, AssemblyScript features. */
export const MODULES: readonly { file: string; constant: string; features: string[] }[];
/** Compiles assembly/index.ts with `features`. */
export function compileModule(features: string[]): Promise<{ wasm: Buffer; wat: string }>;
/** The text of src/wasm/simd-binary.ts embedding `binaries` (one per entry of MODULES). */
export function embeddedSource(binaries: Buffer[]): string;
