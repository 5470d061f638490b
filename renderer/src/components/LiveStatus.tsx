/**
 * A polite live region that stays mounted: a screen reader announces each new `message` (a result, a saved secret),
 * which a region added together with its text would not reliably be. Visually hidden: the same news shows on screen in
 * its own words. Never pass it a secret (a fingerprint is fine: it identifies a secret without revealing it).
 */
export function LiveStatus({ message }: { message: string }) {
  return (
    <p role="status" className="visually-hidden live-status">
      {message}
    </p>
  );
}
