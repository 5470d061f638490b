import { describe, expect, it } from 'vitest';
import type { SecretStatus } from '../../shared/contract';
import { replacedWith } from '../../renderer/src/lib/replace-slots';

const slot = (name: string, source: SecretStatus['source'] = 'keychain'): SecretStatus => ({
  slot: name,
  label: name,
  saved: true,
  source,
  envName: source === 'env' ? 'PASS' : null,
  fingerprint: null,
  savedAt: null,
});

describe('the Replace form of a secret slot', () => {
  it('replaces a client key or PKCS#12 bundle together with its keychain passphrase, and anything else alone', () => {
    const pass = slot('client_key_passphrase');
    expect(replacedWith('client_key', [slot('client_key'), pass])).toBe(pass);
    expect(replacedWith('client_pkcs12', [slot('client_pkcs12'), pass])).toBe(pass);
    expect(replacedWith('client_key_passphrase', [slot('client_key'), pass])).toBeNull();
    expect(replacedWith('private_key', [slot('private_key')])).toBeNull();
    expect(replacedWith('client_key', [slot('client_key'), slot('client_key_passphrase', 'env')])).toBeNull();
  });
});
