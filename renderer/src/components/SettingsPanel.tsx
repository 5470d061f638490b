import type { KeychainStatus } from '../../../shared/contract';
import { ForgetAllSecrets } from './ForgetAllSecrets';

/** Where secrets are kept (the keychain's state) and the danger zone: Forget all secrets. */
export function SettingsPanel(props: { keychain: KeychainStatus | null; onForgotten: () => void; onClose: () => void }) {
  const k = props.keychain;
  const storage = !k
    ? 'Checking the OS keychain…'
    : k.sessionOnly
      ? 'Secrets are kept in memory for this session only: they are lost when you quit.'
      : k.available
        ? `Secrets are kept in the OS keychain: ${k.backend}.`
        : `Secrets cannot be saved: the OS keychain (${k.backend}) is not available.`;
  return (
    <section className="panel settings" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <h2>Secret storage</h2>
      <p>{storage}</p>
      <section className="danger-zone" aria-labelledby="danger-title">
        <h2 id="danger-title">Danger zone</h2>
        <ForgetAllSecrets onForgotten={props.onForgotten} />
      </section>
      <div className="button-row">
        <button type="button" className="btn" onClick={props.onClose}>
          Close
        </button>
      </div>
    </section>
  );
}
