import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ModelJson } from '../model-json.js';

/** What `model.save()` would write: model.json (as an object) and the weights' bytes. Does not dispose the model. */
export async function artifactsOf(model: tfl.LayersModel): Promise<{ json: ModelJson; weights: Uint8Array }> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (artifacts?.weightSpecs === undefined || artifacts.weightData === undefined) throw new Error('nothing saved');
  const json: ModelJson = {
    modelTopology: artifacts.modelTopology as object,
    format: 'layers-model',
    weightsManifest: [{ paths: ['./weights.bin'], weights: artifacts.weightSpecs }],
  };
  return { json, weights: new Uint8Array(artifacts.weightData as ArrayBuffer) };
}

/** A deep copy of `json` with `edit` applied to its first layer whose name is `layer`. */
export function editLayer(json: ModelJson, layer: string, edit: (config: Record<string, unknown>) => void): ModelJson {
  const copy = JSON.parse(JSON.stringify(json)) as ModelJson;
  const layers = (copy.modelTopology as { config: { layers: { config: Record<string, unknown> }[] } }).config.layers;
  const found = layers.find((l) => l.config.name === layer);
  if (found === undefined) throw new Error(`no layer ${layer}`);
  edit(found.config);
  return copy;
}
