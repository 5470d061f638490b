/** The persistent reminder while secrets live in memory only (the user chose it because the keychain is unavailable). */
export function SessionOnlyNotice() {
  return (
    <div className="session-only" role="status">
      <strong>Session-only secrets.</strong> Secrets are kept in memory only and will be lost when you quit.
    </div>
  );
}
