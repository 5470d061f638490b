import { KeytarStore } from '../../electron/engine/keychain';

/**
 * The real OS keychain for tests. `npm test` runs everything inside a private D-Bus session with an unlocked
 * gnome-keyring (scripts/with-keyring.sh), so this is the genuine Secret Service, never a mock.
 */
export const realKeychain = () => new KeytarStore();
