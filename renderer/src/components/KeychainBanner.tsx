import type { KeychainStatus } from '../../../shared/contract';

/**
 * Shown when the OS keychain cannot be reached: the problem with its fix, and the explicit choice to keep secrets in
 * memory for this session only (never automatic).
 */
export function KeychainBanner(props: { status: KeychainStatus; busy: boolean; onSessionOnly: () => void }) {
  return (
    <div className="banner-warning keychain-banner" role="alert">
      <p>
        <strong>Secrets cannot be saved to the OS keychain.</strong>{' '}
        {props.status.message ?? `The keychain (${props.status.backend}) does not answer.`}
      </p>
      <p>
        If you cannot fix it now, Authdesk can keep secrets in memory for this session only: nothing is written to disk,
        and they are lost when you quit.
      </p>
      <button type="button" className="btn" onClick={props.onSessionOnly} disabled={props.busy}>
        Use secrets for this session only
      </button>
    </div>
  );
}
