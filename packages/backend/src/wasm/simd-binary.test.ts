import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileModule, embeddedSource, MODULES, root } from '../../scripts/build-wasm.mjs';

describe('the WebAssembly modules in the repository', () => {
  it('are what assembly/ compiles to, and src/wasm/simd-binary.ts embeds exactly them (else run build:wasm)', async () => {
    const committed = MODULES.map((m) => readFileSync(join(root, 'wasm', `${m.file}.wasm`)));
    for (const [i, m] of MODULES.entries()) {
      const { wasm } = await compileModule(m.features);
      expect(wasm.equals(committed[i] as Buffer), `wasm/${m.file}.wasm is stale`).toBe(true);
    }
    const embedded = readFileSync(join(root, 'src', 'wasm', 'simd-binary.ts'), 'utf8');
    expect(embedded === embeddedSource(committed), 'src/wasm/simd-binary.ts is stale').toBe(true);
  }, 120_000);

  it("have no data, globals or imports but memory: instantiating one must write nothing into tfjs-backend-wasm's heap", () => {
    for (const m of MODULES) {
      const wat = readFileSync(join(root, 'wasm', `${m.file}.wat`), 'utf8');
      expect(wat, m.file).not.toMatch(/\(data |\(global |\(start /);
      const module = new WebAssembly.Module(readFileSync(join(root, 'wasm', `${m.file}.wasm`)));
      expect(WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name}:${i.kind}`)).toEqual([
        'env.memory:memory',
      ]);
    }
  });

  it('differ only where relaxed SIMD is used: the relaxed build has fused multiply-adds, the plain one none', () => {
    const wat = (file: string) => readFileSync(join(root, 'wasm', `${file}.wat`), 'utf8');
    expect(wat('kernels')).not.toMatch(/relaxed/);
    expect(wat('kernels-relaxed').match(/f32x4\.relaxed_madd/g)?.length ?? 0).toBeGreaterThan(0);
  });
});
