import { fileURLToPath } from 'node:url';
import type { TensorflowInfo } from '@mnistkit/backend/node';
import { CliError } from '../errors.js';
import { lastErrorLine, runCommand } from './run-command.js';

const CHILD = fileURLToPath(new URL('./verify-child.js', import.meta.url));

type ChildAnswer = { ok: true; report: { tensorflow?: TensorflowInfo } } | { ok: false; reason: string };

/**
 * Loads the package's binding in a child process, through @mnistkit/backend's selection as the trainer does, and
 * returns what TensorFlow reports (version, device). A binding that does not load is a one-line CliError.
 */
export async function verifyBinding(packageDir: string): Promise<TensorflowInfo> {
  const result = await runCommand(process.execPath, [CHILD, packageDir], { timeoutMs: 120_000 });
  let answer: ChildAnswer | undefined;
  try {
    answer = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as ChildAnswer;
  } catch {
    answer = undefined;
  }
  if (answer?.ok === true && answer.report.tensorflow !== undefined) return answer.report.tensorflow;
  const why =
    answer?.ok === false
      ? answer.reason
      : `it exited with ${result.code ?? 'a signal'}: ${lastErrorLine(result.stderr)}`;
  throw new CliError(`the binding of ${packageDir} was built but does not load: ${why}`);
}

/** The closing line's figures: `TensorFlow 2.21.0, CPU`, or for tfjs-node-gpu whether TensorFlow sees a GPU. */
export function describeDevice(info: TensorflowInfo): string {
  const tf = `TensorFlow ${info.version}`;
  if (info.device === 'GPU') return `${tf}, GPU: ${info.gpuName ?? 'a CUDA device'} visible, training runs on it`;
  if (info.package === '@tensorflow/tfjs-node-gpu') {
    return `${tf}, CPU: no GPU device is visible to TensorFlow (is the NVIDIA driver loaded? nvidia-smi), so it computes on the CPU`;
  }
  return `${tf}, CPU`;
}
