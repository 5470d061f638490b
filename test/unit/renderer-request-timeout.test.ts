import { describe, expect, it } from 'vitest';
import { steppedTimeout, timeoutBoundsS, timeoutMsOf } from '../../renderer/src/lib/request-check';

describe('the Request form Timeout (seconds) as timeoutMs', () => {
  it('takes the send contract bounds: 0.1 to 600 s', () => {
    expect(timeoutBoundsS).toEqual({ min: 0.1, max: 600 });
  });

  it('turns seconds into whole milliseconds, a comma read as a decimal point', () => {
    expect(timeoutMsOf('30')).toBe(30_000);
    expect(timeoutMsOf(' 1 ')).toBe(1_000);
    expect(timeoutMsOf('0.1')).toBe(100);
    expect(timeoutMsOf('2,5')).toBe(2_500);
    expect(timeoutMsOf('600')).toBe(600_000);
  });

  it('refuses an empty, non-numeric or out-of-range value in plain words, at the Timeout field', () => {
    for (const text of ['', ' ', 'abc', '0', '0.05', '600.5', '-1', 'Infinity']) {
      expect(timeoutMsOf(text)).toEqual({ message: 'The timeout is a number of seconds from 0.1 to 600.', at: { field: 'timeout' } });
    }
  });

  it('steps by one second with the arrow keys, within the bounds, keeping a typed decimal comma', () => {
    expect(steppedTimeout('30', 1)).toBe('31');
    expect(steppedTimeout('1,5', 1)).toBe('2,5');
    expect(steppedTimeout('0.5', -1)).toBe('0.1');
    expect(steppedTimeout('600', 1)).toBe('600');
    expect(steppedTimeout('abc', 1)).toBeNull();
    expect(steppedTimeout('', -1)).toBeNull();
  });
});
