import * as tfl from '@tensorflow/tfjs-layers';

/**
 * SimpleCNN as in the tutorial (conv 1→32, pool, conv 32→64, pool, dense 128 relu, dropout, dense 10), with seeded
 * initializers (small random biases too) so every backend sees the same weights. `dropout` 0 leaves the layer out.
 */
export function simpleCNN(options: { dropout?: number; size?: number } = {}): tfl.LayersModel {
  let seed = 1;
  const init = () => tfl.initializers.glorotUniform({ seed: seed++ });
  const bias = () => tfl.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: seed++ });
  const size = options.size ?? 28;
  const dropout = options.dropout ?? 0.5;
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        inputShape: [size, size, 1],
        filters: 32,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(),
        biasInitializer: bias(),
      }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({
        filters: 64,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(),
        biasInitializer: bias(),
      }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 128, activation: 'relu', kernelInitializer: init(), biasInitializer: bias() }),
      ...(dropout > 0 ? [tfl.layers.dropout({ rate: dropout })] : []),
      tfl.layers.dense({ units: 10, kernelInitializer: init(), biasInitializer: bias() }),
    ],
  });
}
