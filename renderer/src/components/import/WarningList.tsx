/** What an importer could not take over as it was, in its own words; nothing when all went well. */
export function WarningList({ warnings }: { warnings: string[] }) {
  if (warnings.length === 0) return null;
  return (
    <div className="import-warnings" role="note" aria-label="Import warnings">
      <h3>Check these</h3>
      <ul>
        {warnings.map((w, i) => (
          <li key={i}>{w}</li>
        ))}
      </ul>
    </div>
  );
}
