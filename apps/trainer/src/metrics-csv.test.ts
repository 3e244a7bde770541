import { describe, expect, it } from 'vitest';
import { metricsCsv } from './metrics-csv.js';

describe('metricsCsv', () => {
  it('writes one row per epoch, leaving splits not computed that epoch empty', () => {
    expect(
      metricsCsv(
        [
          {
            epoch: 1,
            trainLoss: 0.2415,
            trainAccuracy: 0.927,
            valLoss: null,
            valAccuracy: null,
            seconds: 35.25,
            samplesPerSecond: 1702.1,
          },
          {
            epoch: 2,
            trainLoss: 0.0781,
            trainAccuracy: 0.976,
            valLoss: null,
            valAccuracy: null,
            testLoss: 0.0512,
            testAccuracy: 0.9843,
            seconds: 34,
            samplesPerSecond: 1764.7,
          },
        ],
        0.001,
      ),
    ).toBe(
      [
        'epoch,train_loss,train_accuracy,val_loss,val_accuracy,test_loss,test_accuracy,seconds,samples_per_second,lr',
        '1,0.2415,0.927,,,,,35.25,1702.1,0.001',
        '2,0.0781,0.976,,,0.0512,0.9843,34,1764.7,0.001',
        '',
      ].join('\n'),
    );
  });

  it('is the header alone for a run without epochs (--epochs 0)', () => {
    expect(metricsCsv([], 0.001).split('\n')).toEqual([expect.stringMatching(/^epoch,train_loss,/), '']);
  });
});
