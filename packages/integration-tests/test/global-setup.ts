import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { packAll } from './helpers.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The packed library tarballs, by folder under packages/. */
    tarballs: Record<string, string>;
  }
}

/** Packs every library once for all test files (packing takes a while; the tarballs are only read). */
export default async function setup(project: TestProject) {
  const { dir, tarballs } = await packAll();
  project.provide('tarballs', tarballs);
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
