import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A minimal 64-bit little-endian ELF file whose dynamic section carries `runpath` (DT_RUNPATH, or DT_RPATH), mapped
 * at a load address other than its file offset so reading it must translate addresses the way the loader does.
 */
export function elfWithRunpath(runpath: string | undefined, tag: 'runpath' | 'rpath' = 'runpath'): Buffer {
  const loadAddress = 0x40_0000;
  const dynOffset = 64 + 2 * 56;
  const dynamic =
    runpath === undefined
      ? [[5n, 0n]]
      : [
          [5n, 0n],
          [tag === 'runpath' ? 29n : 15n, 1n],
        ];
  dynamic.push([0n, 0n]);
  const strOffset = dynOffset + dynamic.length * 16;
  const strings = Buffer.from(`\0${runpath ?? ''}\0`, 'utf8');
  const file = Buffer.alloc(strOffset + strings.length);
  file.writeUInt32BE(0x7f454c46, 0);
  file[4] = 2; // 64-bit
  file[5] = 1; // little-endian
  file[6] = 1;
  file.writeUInt16LE(3, 0x10); // ET_DYN
  file.writeUInt16LE(62, 0x12); // x86-64
  file.writeUInt32LE(1, 0x14);
  file.writeBigUInt64LE(64n, 0x20); // program headers right after the header
  file.writeUInt16LE(64, 0x34);
  file.writeUInt16LE(56, 0x36);
  file.writeUInt16LE(2, 0x38);
  const phdr = (at: number, type: number, offset: number, size: number) => {
    file.writeUInt32LE(type, at);
    file.writeBigUInt64LE(BigInt(offset), at + 8);
    file.writeBigUInt64LE(BigInt(loadAddress + offset), at + 16);
    file.writeBigUInt64LE(BigInt(loadAddress + offset), at + 24);
    file.writeBigUInt64LE(BigInt(size), at + 32);
    file.writeBigUInt64LE(BigInt(size), at + 40);
  };
  phdr(64, 1, 0, file.length); // PT_LOAD: the whole file
  phdr(64 + 56, 2, dynOffset, dynamic.length * 16); // PT_DYNAMIC
  dynamic[0] = [5n, BigInt(loadAddress + strOffset)]; // DT_STRTAB holds an address, not an offset
  dynamic.forEach(([t, v], i) => {
    file.writeBigUInt64LE(t as bigint, dynOffset + i * 16);
    file.writeBigUInt64LE(v as bigint, dynOffset + i * 16 + 8);
  });
  strings.copy(file, strOffset);
  return file;
}

/** The RUNPATH of TensorFlow's CUDA wheels (its cuda_rpath_flags), for the libraries in `tensorflow/`. */
export const CUDA_WHEEL_RUNPATH = ['cublas', 'cuda_runtime', 'cudnn', 'cufft', 'nccl']
  .flatMap((lib) => [`$ORIGIN/../../nvidia/${lib}/lib`, `$ORIGIN/../nvidia/${lib}/lib`])
  .concat(['$ORIGIN/'])
  .join(':');

/**
 * Writes a fake TensorFlow under `root` laid out as pip installs it (`root` = site-packages): the two libraries as ELF
 * stubs with `runpath`, the two C API headers, build_info.py and a dist-info METADATA.
 */
export function writeFakeTensorflow(
  root: string,
  options: { cuda: boolean; runpath?: string; version?: string; cudaRequirements?: string[] },
): void {
  const files: Record<string, string | Buffer> = {
    'tensorflow/libtensorflow_cc.so.2': elfWithRunpath(options.runpath),
    'tensorflow/libtensorflow_framework.so.2': elfWithRunpath(options.runpath),
    'tensorflow/include/tensorflow/c/c_api.h': '// fake\n',
    'tensorflow/include/tensorflow/c/eager/c_api.h': '// fake\n',
    'tensorflow/include/tsl/platform/ctstring.h': '// fake\n',
    'tensorflow/python/platform/build_info.py': `build_info = collections.OrderedDict([('is_cuda_build', ${options.cuda ? 'True' : 'False'}), ('is_rocm_build', False)])\n`,
    [`tensorflow${options.cuda ? '' : '_cpu'}-${options.version ?? '2.21.0'}.dist-info/METADATA`]: [
      `Name: tensorflow${options.cuda ? '' : '_cpu'}`,
      `Version: ${options.version ?? '2.21.0'}`,
      ...(options.cudaRequirements ?? []).map((r) => `Requires-Dist: ${r}; extra == "and-cuda"`),
      '',
    ].join('\n'),
    'tensorflow/python/ops/not_needed.py': '# the setup never unpacks this\n',
  };
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), content);
  }
}
