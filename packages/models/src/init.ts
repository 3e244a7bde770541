import { tfSeed } from '@mnistkit/data';
import * as tfl from '@tensorflow/tfjs-layers';

/**
 * How weights start: `pytorch` = PyTorch's `nn.Conv2d`/`nn.Linear` default (weights and biases uniform in
 * ±1/√fan_in), `glorot` = the TF.js/Keras default (Glorot-uniform weights, zero biases).
 */
export type InitScheme = 'pytorch' | 'glorot';

/** Settings every model factory takes. */
export interface ModelOptions {
  /** Makes the initial weights reproducible; omitted = random (Math.random). */
  seed?: number;
  /** Initialisation scheme; default `pytorch`, so training follows the tutorial's curve. */
  init?: InitScheme;
}

type Initializer = ReturnType<typeof tfl.initializers.zeros>;

/** Kernel and bias initializers for one layer, as standard serializable TF.js initializers. */
export interface LayerInit {
  kernelInitializer: Initializer;
  biasInitializer: Initializer;
}

/**
 * Initializers for the `index`-th weighted layer with the given fan-in.
 * PyTorch's default is Kaiming-uniform with a=√5, i.e. bound = √(6/(1+5))·√(3/fan_in) = 1/√fan_in, which
 * VarianceScaling(scale 1/3, fanIn, uniform) reproduces exactly (limit = √(3·scale/fan_in)), and PyTorch's bias
 * default is uniform ±1/√fan_in. Both serialize as standard TF.js initializers, so model.json loads anywhere.
 */
export function layerInit(options: ModelOptions, index: number, fanIn: number): LayerInit {
  const seeds =
    options.seed === undefined
      ? { kernel: undefined, bias: undefined }
      : { kernel: tfSeed(options.seed, 2 * index), bias: tfSeed(options.seed, 2 * index + 1) };
  const scheme = options.init ?? 'pytorch';
  if (scheme === 'glorot') {
    return {
      kernelInitializer: tfl.initializers.glorotUniform({ seed: seeds.kernel }),
      biasInitializer: tfl.initializers.zeros(),
    };
  }
  if (scheme !== 'pytorch') {
    throw new Error(`init: expected 'pytorch' or 'glorot', found ${JSON.stringify(scheme)}`);
  }
  const bound = 1 / Math.sqrt(fanIn);
  return {
    kernelInitializer: tfl.initializers.varianceScaling({
      scale: 1 / 3,
      mode: 'fanIn',
      distribution: 'uniform',
      seed: seeds.kernel,
    }),
    biasInitializer: tfl.initializers.randomUniform({ minval: -bound, maxval: bound, seed: seeds.bias }),
  };
}
