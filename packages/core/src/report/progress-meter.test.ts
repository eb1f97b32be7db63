import { describe, expect, it } from 'vitest';
import { createProgressMeter, formatBytes, formatProgress } from './progress-meter';

const aSink = (isTTY: boolean) => {
  const writes: string[] = [];
  return { sink: { isTTY, write: (text: string) => writes.push(text) }, writes };
};

describe('formatProgress', () => {
  it('shows files, bytes, rate and ETA', () => {
    expect(formatProgress({ label: 'checkout', files: 5, bytes: 1024 * 1024, totalFiles: 10, totalBytes: 2 * 1024 * 1024, elapsedMs: 1000 })).toBe(
      'checkout 50% 5/10 files, 1.0 MB/2.0 MB, 1.0 MB/s, ETA 1s',
    );
  });

  it('drops the ETA when done', () => {
    expect(formatProgress({ label: 'x', files: 2, bytes: 10, totalFiles: 2, totalBytes: 10, elapsedMs: 1000 })).toBe('x 100% 2/2 files, 10 B/10 B, 10 B/s');
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KB'],
    [50 * 1024 * 1024, '50 MB'],
  ])('%d → %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});

describe('createProgressMeter', () => {
  it('redraws one line in place on a terminal', () => {
    let clock = 0;
    const { sink, writes } = aSink(true);
    const meter = createProgressMeter({ label: 'p', totalFiles: 2, totalBytes: 20, sink, now: () => clock, ttyInterval: 100 });
    clock = 150;
    meter.advance(10);
    meter.done();
    expect(writes).toHaveLength(2);
    expect(writes[0]).toMatch(/^\r\x1b\[2Kp 50%/);
    expect(writes[1].endsWith('\n')).toBe(true);
  });

  it('writes plain lines no more often than the interval when not a terminal', () => {
    let clock = 0;
    const { sink, writes } = aSink(false);
    const meter = createProgressMeter({ label: 'p', totalFiles: 100, totalBytes: 100, sink, now: () => clock, lineInterval: 5_000 });
    for (let i = 0; i < 100; i++) {
      clock += 100;
      meter.advance(1);
    }
    meter.done();
    expect(writes).toEqual(['p 50% 50/100 files, 50 B/100 B, 10 B/s, ETA 5s\n', 'p 100% 100/100 files, 100 B/100 B, 10 B/s\n']);
  });
});
