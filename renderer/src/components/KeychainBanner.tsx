import type { KeychainStatus } from '../../../shared/contract';

/** Shown when the OS keychain cannot be reached: secrets cannot be saved until it is fixed. */
export function KeychainBanner({ status }: { status: KeychainStatus }) {
  return (
    <div className="banner-warning" role="alert">
      <strong>The OS keychain is not available ({status.backend}).</strong>{' '}
      {status.message ?? 'Authdesk cannot save secrets until it is.'}
    </div>
  );
}
