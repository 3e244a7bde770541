// Run by verify.ts in a child process: loads one tfjs-node(-gpu) copy through @mnistkit/backend's selection (what the
// trainer does) and prints the report as one JSON line. A crash of the native code cannot take the setup down.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type NodeImporters, selectNodeBackend } from '@mnistkit/backend/node';

const packageDir = process.argv[2] ?? '';
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { name: string };
const load = async () => createRequire(join(packageDir, 'package.json'))(packageDir) as unknown;
const other = async () => {
  throw new Error('not checked here');
};
const importers: NodeImporters =
  manifest.name === '@tensorflow/tfjs-node-gpu'
    ? { 'tfjs-node-gpu': load, 'tfjs-node': other }
    : { 'tfjs-node-gpu': other, 'tfjs-node': load };
try {
  const report = await selectNodeBackend({ backend: 'tensorflow', importers });
  process.stdout.write(`${JSON.stringify({ ok: true, report })}\n`);
} catch (error) {
  const attempts = (error as { attempts?: { source?: string; reason: string }[] }).attempts ?? [];
  const reason = attempts.find((a) => a.source === manifest.name)?.reason ?? String(error);
  process.stdout.write(`${JSON.stringify({ ok: false, reason })}\n`);
}
