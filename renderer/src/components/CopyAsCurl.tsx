import { useId, useState } from 'react';
import type { ProfileView } from '../../../shared/contract';
import type { HistoryEntry } from '../../../shared/request';

/**
 * "Copy as curl" for a history entry: the command with every credential as an `$AUTHDESK_…` variable (shown, and
 * copied to the clipboard when the window may). With the entry's profile, its auth says where credentials go. The
 * exporter loads on the first click.
 */
export function CopyAsCurl(props: { entry: HistoryEntry; profile: ProfileView | null }) {
  const id = useId();
  const [command, setCommand] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const show = async () => {
    const { toCurl } = await import('../../../shared/curl-export');
    const text = toCurl(props.entry, props.profile ?? undefined);
    setCommand(text);
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div className="copy-curl">
      <button type="button" className="btn btn-small" onClick={() => void show()} aria-controls={command ? `${id}-cmd` : undefined}>
        Copy as curl
      </button>
      <span role="status" className="copy-curl-status">
        {command && (copied ? 'Copied to the clipboard.' : 'Select the command below and copy it.')}
      </span>
      {command && (
        <>
          <pre id={`${id}-cmd`} className="copy-curl-command" tabIndex={0} aria-label="curl command for this request">
            {command}
          </pre>
          <p className="field-hint">
            The credentials are <code>$AUTHDESK_*</code> variables (for example <code>AUTHDESK_PASSWORD</code>, <code>AUTHDESK_TOKEN</code>,{' '}
            <code>AUTHDESK_API_KEY</code>): set them before running it. The command itself holds no secret.
          </p>
        </>
      )}
    </div>
  );
}
