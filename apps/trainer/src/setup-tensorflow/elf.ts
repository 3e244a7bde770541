import { closeSync, openSync, readSync } from 'node:fs';

const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const DT_NULL = 0n;
const DT_STRTAB = 5n;
const DT_RPATH = 15n;
const DT_RUNPATH = 29n;

interface Segment {
  type: number;
  offset: number;
  vaddr: number;
  filesz: number;
}

function read(fd: number, offset: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const got = readSync(fd, buffer, 0, length, offset);
  if (got !== length) throw new Error(`truncated at byte ${offset + got}`);
  return buffer;
}

function segments(fd: number): Segment[] {
  const header = read(fd, 0, 64);
  if (header.readUInt32BE(0) !== 0x7f454c46) throw new Error('not an ELF file');
  if (header[4] !== 2 || header[5] !== 1) throw new Error('not a 64-bit little-endian ELF file');
  const phoff = Number(header.readBigUInt64LE(0x20));
  const phentsize = header.readUInt16LE(0x36);
  const phnum = header.readUInt16LE(0x38);
  const table = read(fd, phoff, phentsize * phnum);
  return Array.from({ length: phnum }, (_, i) => {
    const at = i * phentsize;
    return {
      type: table.readUInt32LE(at),
      offset: Number(table.readBigUInt64LE(at + 8)),
      vaddr: Number(table.readBigUInt64LE(at + 16)),
      filesz: Number(table.readBigUInt64LE(at + 32)),
    };
  });
}

function fileOffset(loads: Segment[], vaddr: number): number {
  const segment = loads.find((s) => vaddr >= s.vaddr && vaddr < s.vaddr + s.filesz);
  if (segment === undefined) throw new Error(`address 0x${vaddr.toString(16)} is in no loaded segment`);
  return vaddr - segment.vaddr + segment.offset;
}

function cString(fd: number, offset: number): string {
  const chunks: Buffer[] = [];
  for (let at = offset; ; at += 256) {
    const buffer = Buffer.alloc(256);
    const got = readSync(fd, buffer, 0, 256, at);
    const end = buffer.subarray(0, got).indexOf(0);
    if (end >= 0 || got === 0) {
      chunks.push(buffer.subarray(0, end >= 0 ? end : got));
      return Buffer.concat(chunks).toString('utf8');
    }
    chunks.push(buffer.subarray(0, got));
  }
}

/**
 * The library search path a shared library carries (DT_RUNPATH, else the older DT_RPATH), split at `:`; empty
 * when it has none. TensorFlow's CUDA wheels find the `nvidia-*` pip packages' libraries through entries such as
 * `$ORIGIN/../nvidia/cublas/lib`. Reads only the headers and the dynamic section, not the whole file.
 */
export function readRunpath(path: string): string[] {
  const fd = openSync(path, 'r');
  try {
    const all = segments(fd);
    const dynamic = all.find((s) => s.type === PT_DYNAMIC);
    if (dynamic === undefined) return [];
    const entries = read(fd, dynamic.offset, dynamic.filesz);
    let strtab: number | undefined;
    let runpath: number | undefined;
    let rpath: number | undefined;
    for (let at = 0; at + 16 <= entries.length; at += 16) {
      const tag = entries.readBigUInt64LE(at);
      const val = Number(entries.readBigUInt64LE(at + 8));
      if (tag === DT_NULL) break;
      if (tag === DT_STRTAB) strtab = val;
      else if (tag === DT_RUNPATH) runpath = val;
      else if (tag === DT_RPATH) rpath = val;
    }
    const index = runpath ?? rpath;
    if (index === undefined || strtab === undefined) return [];
    const text = cString(
      fd,
      fileOffset(
        all.filter((s) => s.type === PT_LOAD),
        strtab,
      ) + index,
    );
    return text.split(':').filter((entry) => entry !== '');
  } finally {
    closeSync(fd);
  }
}
