import { describe, expect, it } from 'vitest';
import { shortSecretWarnings, slotValueProblem } from '../../shared/slot-value';

/** A secret value the scheme could never send is refused when saved, with a message naming the field, not the value. */
describe('slotValueProblem', () => {
  const apikey = { scheme: 'apikey' as const, placements: [{ in: 'header' as const, name: 'X-Api-Key' }, { in: 'query' as const, name: 'key' }, { in: 'header' as const, name: 'X-Pre', prefix: 'Tök ' }] };

  it('an API key for a header with non-ASCII or control characters (RFC 9110 §5.5), its prefix included', () => {
    expect(slotValueProblem(apikey, 'key0', 'clé-ünïcode-123')).toMatch(/^The API key for header X-Api-Key has characters the X-Api-Key header cannot carry/);
    expect(slotValueProblem(apikey, 'key0', 'line1\nX-Injected: yes')).toMatch(/header X-Api-Key/);
    expect(slotValueProblem(apikey, 'key0', 'plain-Key_1.2 with spaces\tand tab')).toBeNull();
    expect(slotValueProblem(apikey, 'key1', 'clé-ünïcode-123')).toBeNull(); // the query percent-encodes it
    expect(slotValueProblem(apikey, 'key2', 'ascii-key')).toMatch(/header X-Pre/);
  });

  it('a bearer token, and a Basic user-id with a colon (RFC 7617 §2)', () => {
    expect(slotValueProblem({ scheme: 'bearer', prefix: 'Bearer' }, 'token', 'tök€n-value')).toMatch(/^The token has characters the Authorization header cannot carry: .*slip\.$/);
    expect(slotValueProblem({ scheme: 'bearer', prefix: 'Bearer' }, 'token', 'ok-token.123')).toBeNull();
    expect(slotValueProblem({ scheme: 'basic', username: null }, 'username', 'a:b')).toMatch(/cannot contain ":"/);
    expect(slotValueProblem({ scheme: 'basic', username: null }, 'password', 'pä:ss€')).toBeNull(); // base64 carries anything
  });

  it('never quotes the value', () => {
    expect(slotValueProblem(apikey, 'key0', 'Secret-ünï-Value')).not.toContain('Secret');
  });
});

describe('shortSecretWarnings', () => {
  const slots = [
    { slot: 'username', label: 'username', mayBeEmpty: false },
    { slot: 'password', label: 'password', mayBeEmpty: true },
  ];

  it('warns for a value of 1 to 3 characters, naming the field and never the value', () => {
    const [w, ...rest] = shortSecretWarnings(slots, { username: 'ok31', password: 'S3p' });
    expect(rest).toEqual([]);
    expect(w).toMatchObject({ code: 'secret-too-short-to-mask', message: expect.stringMatching(/^The password is 3 characters long: too short to be masked by value/) });
    expect(JSON.stringify(w)).not.toContain('S3p');
  });

  it('nothing for an empty value (an empty Basic password) or one of 4 characters and more', () => {
    expect(shortSecretWarnings(slots, { username: 'ok31', password: '' })).toEqual([]);
    expect(shortSecretWarnings(slots, { username: 'abcd' })).toEqual([]);
  });
});
