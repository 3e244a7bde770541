import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { defaultCacheDir, parseSetupArgs, SETUP_HELP, TENSORFLOW_VERSION } from './options.js';

const env = { HOME: '/home/u' };

describe('parseSetupArgs', () => {
  it('defaults: tfjs-node, a pip download of the tested version, the cache under ~/.cache', () => {
    expect(parseSetupArgs([], {}, '/work')).toEqual({
      gpu: false,
      cacheDir: defaultCacheDir({}),
      tensorflowVersion: TENSORFLOW_VERSION,
      check: false,
      force: false,
      verbose: false,
      help: false,
    });
    expect(TENSORFLOW_VERSION).toBe('2.21.0');
  });

  it('reads every flag and makes paths absolute against the working folder', () => {
    const options = parseSetupArgs(
      ['--gpu', '--wheel', 'w/tf.whl', '--cache-dir=c', '--tensorflow-version', '2.20.0', '--force', '--verbose'],
      env,
      '/work',
    );
    expect(options).toMatchObject({
      gpu: true,
      wheel: '/work/w/tf.whl',
      cacheDir: '/work/c',
      tensorflowVersion: '2.20.0',
      force: true,
      verbose: true,
    });
    expect(parseSetupArgs(['--python', 'python3'], env, '/work').python).toBe('python3');
    expect(parseSetupArgs(['--python', 'venv/bin/python'], env, '/work').python).toBe('/work/venv/bin/python');
    expect(parseSetupArgs(['--check', '-h'], env, '/work')).toMatchObject({ check: true, help: true });
  });

  it('finds the cache from the environment: MNISTKIT_TENSORFLOW_CACHE, then XDG_CACHE_HOME, then ~/.cache', () => {
    expect(defaultCacheDir({ MNISTKIT_TENSORFLOW_CACHE: '/c/tf', XDG_CACHE_HOME: '/x' }, '/home/u')).toBe('/c/tf');
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x' }, '/home/u')).toBe('/x/mnistkit/tensorflow');
    expect(defaultCacheDir({ MNISTKIT_TENSORFLOW_CACHE: '' }, '/home/u')).toBe('/home/u/.cache/mnistkit/tensorflow');
  });

  it('rejects bad command lines with one line naming the flag (exit status 2)', () => {
    const cases: [string[], string][] = [
      [['--gpus'], 'unknown flag --gpus (see --help)'],
      [['--wheel'], '--wheel: expected a value after it'],
      [['--wheel', ''], '--wheel: expected a value, found an empty string'],
      [['--gpu=yes'], '--gpu: takes no value'],
      [['tf.whl'], "unexpected argument 'tf.whl': every option is a --flag"],
      [['--wheel', 'a.whl', '--python', 'python3'], '--wheel and --python: give one source of TensorFlow, not both'],
      [['--tensorflow-version', '2.21'], '--tensorflow-version: expected a version such as 2.21.0, found "2.21"'],
    ];
    for (const [argv, message] of cases) {
      let error: unknown;
      try {
        parseSetupArgs(argv, env, '/work');
      } catch (e) {
        error = e;
      }
      expect(error, argv.join(' ')).toBeInstanceOf(UsageError);
      expect((error as UsageError).message).toBe(message);
      expect((error as UsageError).exitCode).toBe(2);
    }
  });

  it('documents every flag and the exit statuses in --help', () => {
    for (const flag of ['--gpu', '--wheel', '--python', '--cache-dir', '--tensorflow-version', '--check', '--force']) {
      expect(SETUP_HELP).toContain(flag);
    }
    expect(SETUP_HELP).toContain('3 no TensorFlow to build against');
  });
});
