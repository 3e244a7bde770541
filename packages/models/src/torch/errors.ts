import { ModelError } from '../errors.js';

/** A PyTorch or safetensors file that cannot be read as a float32 state_dict; the message names the file and why. */
export class TorchFileError extends ModelError {
  override readonly name: string = 'TorchFileError';
}
