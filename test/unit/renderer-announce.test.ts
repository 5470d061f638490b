import { describe, expect, it } from 'vitest';
import { resultAnnouncement } from '../../renderer/src/lib/announce';

const timings = (totalMs: number) => ({ dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: null, totalMs });

/** What the Request pane's live region says of a result: status and time, or why there was no answer. */
describe('resultAnnouncement', () => {
  it('an answer: its status, status text and time', () => {
    expect(resultAnnouncement({ status: 200, statusText: 'OK', failure: null, timings: timings(5) })).toBe('200 OK in 5 ms');
    expect(resultAnnouncement({ status: 401, statusText: null, failure: 'invalid_credentials', timings: timings(1500) })).toBe('401 in 1500 ms');
  });

  it('no answer, or nothing sent: says which, with the reason in words', () => {
    expect(resultAnnouncement({ status: null, statusText: null, failure: 'network', timings: timings(2) })).toBe('No response: network error');
    expect(resultAnnouncement({ status: null, statusText: null, failure: 'secret_missing', timings: timings(0) })).toBe('Not sent: secret missing');
    expect(resultAnnouncement({ status: null, statusText: null, failure: 'cancelled', timings: timings(0) })).toBe('Not sent: cancelled');
    expect(resultAnnouncement({ status: null, statusText: null, failure: 'cancelled', timings: timings(40) })).toBe('No response: cancelled');
  });
});
