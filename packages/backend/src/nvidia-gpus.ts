import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the NVIDIA kernel driver describes each GPU it drives (one folder per PCI address). */
export const NVIDIA_PROC_GPUS = '/proc/driver/nvidia/gpus';

/**
 * The models of the NVIDIA GPUs the kernel driver sees (`NVIDIA H200`, …), in PCI order; empty without the
 * driver. TensorFlow's device list names GPUs only by index (`GPU:0`), so this is where a name comes from.
 */
export function nvidiaGpuModels(root: string = NVIDIA_PROC_GPUS): string[] {
  let entries: string[];
  try {
    entries = readdirSync(root).sort();
  } catch {
    return [];
  }
  const models: string[] = [];
  for (const entry of entries) {
    try {
      const text = readFileSync(join(root, entry, 'information'), 'utf8');
      const model = /^Model:\s*(.+?)\s*$/m.exec(text)?.[1];
      if (model) models.push(model);
    } catch {
      // A folder without a readable `information` file describes nothing we can name.
    }
  }
  return models;
}

/**
 * The name of the GPU TensorFlow computes on, where it is certain: CUDA numbers devices fastest first, not in
 * PCI order, so with several different models the name of `GPU:0` is unknown and this returns undefined.
 */
export function gpuName(models: readonly string[]): string | undefined {
  const distinct = [...new Set(models)];
  return distinct.length === 1 ? distinct[0] : undefined;
}
