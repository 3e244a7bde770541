import { describe, expect, it } from 'vitest';
import { ModelError } from './errors.js';
import { checkWeightPath, groupByteLengths, parseModelJson, weightUrl } from './model-json.js';

const manifest = (paths: unknown[], weights: unknown[] = [{ name: 'd/kernel', shape: [2, 3], dtype: 'float32' }]) =>
  JSON.stringify({
    modelTopology: { class_name: 'Sequential', config: { layers: [] } },
    weightsManifest: [{ paths, weights }],
  });

describe('checkWeightPath', () => {
  it('returns the path relative to the model folder', () => {
    expect(checkWeightPath('./weights.bin', 'm.json')).toBe('weights.bin');
    expect(checkWeightPath('group1-shard1of2.bin', 'm.json')).toBe('group1-shard1of2.bin');
    expect(checkWeightPath('shards/./a.bin', 'm.json')).toBe('shards/a.bin');
  });

  it.each([
    ['../../etc/passwd', 'leaves the model folder'],
    ['a/../../b', 'leaves the model folder'],
    ['%2e%2e/secret', 'leaves the model folder'],
    ['/etc/passwd', 'is absolute'],
    ['file:///etc/passwd', 'is a URL'],
    ['https://elsewhere.example/w.bin', 'is a URL'],
    ['..\\..\\w.bin', 'backslash'],
    ['w.bin?x=1', '"?"'],
    ['a//b.bin', 'empty or encoded segment'],
    ['a%2fb.bin', 'empty or encoded segment'],
    ['', 'is not a file name'],
    [7, 'is not a file name'],
  ])('refuses %j (%s)', (path, why) => {
    const error = (() => {
      try {
        checkWeightPath(path, 'run/model/model.json', 'weightsManifest[0].paths[0]');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).message).toMatch(/^run\/model\/model\.json: weightsManifest\[0\]\.paths\[0\] /);
    expect((error as ModelError).message).toContain(why);
    expect((error as ModelError).message).toContain("weight files must sit inside the model's folder");
  });
});

describe('weightUrl', () => {
  it('resolves under the model.json folder', () => {
    expect(weightUrl('./weights.bin', 'http://127.0.0.1:4173/run/model/model.json')).toBe(
      'http://127.0.0.1:4173/run/model/weights.bin',
    );
  });
  it('refuses to leave the URL prefix, also percent-encoded', () => {
    expect(() => weightUrl('../history.json', 'http://h/run/model/model.json')).toThrow(/leaves the model folder/);
    expect(() => weightUrl('%2E%2E/%2e%2e/x', 'http://h/run/model/model.json')).toThrow(/leaves the model folder/);
    expect(() => weightUrl('//evil.example/w.bin', 'http://h/run/model/model.json')).toThrow(/is absolute/);
  });
});

describe('parseModelJson', () => {
  it('names the file and shows how it starts when it is not JSON', () => {
    expect(() => parseModelJson('<!doctype html><p>hi</p>', 'run/model/model.json')).toThrow(
      /^run\/model\/model\.json: not JSON \(.*\); the file starts with "<!doctype html><p>hi<\/p>"$/,
    );
  });

  it('asks for a layers model.json when fields are missing', () => {
    expect(() => parseModelJson('{"format":"graph-model"}', 'm.json')).toThrow(
      'm.json: expected a TF.js layers model.json with a "modelTopology" object (as model.save() writes), found fields: format',
    );
    expect(() => parseModelJson('[1,2]', 'm.json')).toThrow(
      'm.json: expected a TF.js model.json object, found an array',
    );
    expect(() => parseModelJson('{"modelTopology":{},"weightsManifest":{}}', 'm.json')).toThrow(
      'm.json: weightsManifest: expected an array of { paths, weights } groups, found an object',
    );
  });

  it('checks every weight path and spec, naming the field', () => {
    expect(() => parseModelJson(manifest(['../../etc/passwd']), 'm.json')).toThrow(
      'm.json: weightsManifest[0].paths[0] "../../etc/passwd" leaves the model folder (..)',
    );
    expect(() =>
      parseModelJson(manifest(['w.bin'], [{ name: 'd/kernel', shape: [2, -3], dtype: 'float32' }]), 'm.json'),
    ).toThrow(
      'm.json: weightsManifest[0].weights[0] (d/kernel).shape[1]: expected a whole number ≥ 0, found number -3',
    );
    expect(() =>
      parseModelJson(manifest(['w.bin'], [{ name: 'd/kernel', shape: [2, 3], dtype: 'string' }]), 'm.json'),
    ).toThrow(
      'm.json: weightsManifest[0].weights[0] (d/kernel).dtype: expected one of float32, int32, bool, complex64, found "string"',
    );
    const huge = [{ name: 'd/kernel', shape: [2 ** 30, 2 ** 30, 2 ** 30], dtype: 'float32' }];
    expect(() => parseModelJson(manifest(['w.bin'], huge), 'm.json')).toThrow(/is too large to be real/);
    const twice = [
      { name: 'd/kernel', shape: [1], dtype: 'float32' },
      { name: 'd/kernel', shape: [1], dtype: 'float32' },
    ];
    expect(() => parseModelJson(manifest(['w.bin'], twice), 'm.json')).toThrow('lists the weight d/kernel twice');
  });

  it('counts bytes per group, quantized weights at their stored size', () => {
    const json = parseModelJson(
      manifest(
        ['w.bin'],
        [
          { name: 'a', shape: [2, 3], dtype: 'float32' },
          { name: 'b', shape: [4], dtype: 'float32', quantization: { dtype: 'uint8', min: 0, scale: 1 } },
          { name: 'c', shape: [5], dtype: 'float32', quantization: { dtype: 'float16' } },
        ],
      ),
      'm.json',
    );
    expect(groupByteLengths(json)).toEqual([24 + 4 + 10]);
  });
});
