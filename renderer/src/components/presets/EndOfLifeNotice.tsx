const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeZone: 'UTC' });

/** A plain notice that a provider has ended (or will end) the API a preset targets; `endOfLife` is an ISO date. */
export function EndOfLifeNotice(props: { name: string; endOfLife: string }) {
  const t = Date.parse(props.endOfLife);
  const day = Number.isNaN(t) ? props.endOfLife : dayFormat.format(t);
  const ended = t <= Date.now();
  return (
    <div className="eol-notice" role="note">
      <strong>{ended ? 'This API has ended.' : 'This API is ending.'}</strong>{' '}
      {ended
        ? `${props.name} stopped serving it on ${day}: requests now fail. The preset is kept for old setups.`
        : `${props.name} stops serving it on ${day}. Plan the move to its replacement.`}
    </div>
  );
}
