/** The inline warning shown when a public client is given a long-lived credential. */
export function PublicClientWarning() {
  return (
    <p className="warning" role="note">
      A public client cannot keep a permanent secret: don&apos;t embed this credential in an app you ship.
    </p>
  );
}
