import { shownText } from '../lib/history-pages';
import { ErrorAlert } from './ErrorAlert';

/**
 * Under the History list: how many requests are shown and, while older ones exist, the button that loads the next
 * page. The button stays focusable while it loads (aria-disabled, not disabled) and ignores presses meanwhile.
 */
export function HistoryMore(props: { count: number; hasMore: boolean; busy: boolean; error: string | null; onLoadOlder: () => void }) {
  if (props.count === 0) return null;
  return (
    <div className="history-more">
      <p className="hint" role="status">
        {shownText(props.count, props.hasMore)}
      </p>
      {props.hasMore && (
        <button type="button" className="btn btn-small" aria-disabled={props.busy} onClick={() => !props.busy && props.onLoadOlder()}>
          {props.busy ? 'Loading…' : 'Show older requests'}
        </button>
      )}
      <ErrorAlert message={props.error} />
    </div>
  );
}
