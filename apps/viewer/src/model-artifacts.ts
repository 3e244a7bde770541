import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ModelArtifactsData } from './workers/protocol.js';

/** A model as plain data (topology, weight specs, one weight buffer), to hand to a worker or to download. */
export async function modelArtifacts(model: LayersModel): Promise<ModelArtifactsData> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (saved?.modelTopology === undefined || saved.weightSpecs === undefined || saved.weightData === undefined) {
    throw new Error(`model ${model.name}: save() gave no topology or weights`);
  }
  return {
    modelTopology: saved.modelTopology as object,
    weightSpecs: saved.weightSpecs as ModelArtifactsData['weightSpecs'],
    weightData: tf.io.CompositeArrayBuffer.join(saved.weightData),
  };
}
