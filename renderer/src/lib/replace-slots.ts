import type { SecretStatus } from '../../../shared/contract';

const KEY_SLOTS = new Set(['client_key', 'client_pkcs12']);

/**
 * The slot a Replace form for `slot` saves along with it: a client private key or PKCS#12 bundle comes with its own
 * passphrase (empty when none), and the engine refuses a key its saved passphrase does not open, so both are replaced
 * together. Null for any other slot, or when the passphrase is not in the keychain (an environment variable).
 * @param secrets the profile's secret slots, as in its ProfileView
 */
export function replacedWith(slot: string, secrets: readonly SecretStatus[]): SecretStatus | null {
  if (!KEY_SLOTS.has(slot)) return null;
  return secrets.find((s) => s.slot === 'client_key_passphrase' && s.source === 'keychain') ?? null;
}
