import { useEffect, useId, useRef, useState } from 'react';
import type { DiscoveredEndpoints } from '../../../shared/contract';
import { call } from '../api';
import { useAction } from '../hooks/useAction';
import { isHttpUrl } from '../lib/url';
import { ErrorAlert } from './ErrorAlert';

/**
 * The issuer URL with a Discover button: fetches the server's RFC 8414 / OpenID Connect metadata (the engine checks
 * that it names this very issuer) and hands the endpoints to `onFound`, then says which document was used.
 * With `discoverOnMount` it runs once as soon as it appears (the sandbox prefills the issuer); `onFound` must then
 * update state functionally, since it is the first render's.
 */
export function IssuerDiscovery(props: {
  issuer: string;
  onIssuer: (value: string) => void;
  onFound: (found: DiscoveredEndpoints) => void;
  discoverOnMount?: boolean;
  /** Whether the grant has a browser sign-in, whose responses RFC 9207's iss check protects. */
  signsIn: boolean;
}) {
  const id = useId();
  const action = useAction();
  const [found, setFound] = useState<DiscoveredEndpoints | null>(null);
  const discover = async () => {
    const issuer = props.issuer.trim();
    if (!isHttpUrl(issuer)) {
      action.setError('Enter the issuer as an absolute URL, such as https://login.example.com.');
      return;
    }
    setFound(null);
    const result = await action.run(() => call('oauth.discover', { issuer }));
    if (!result) return;
    setFound(result);
    props.onFound(result);
  };

  const runOnMount = useRef(props.discoverOnMount);
  useEffect(() => {
    if (!runOnMount.current) return;
    runOnMount.current = false;
    void discover();
    // Once, on mount: the first render's props are the prefill, and onFound updates state functionally.
  }, []);

  return (
    <div className="field">
      <label htmlFor={id}>Issuer</label>
      <div className="input-with-button">
        <input
          id={id}
          data-field="issuer"
          type="url"
          value={props.issuer}
          onChange={(e) => props.onIssuer(e.target.value)}
          placeholder="https://login.example.com"
          spellCheck={false}
          aria-describedby={`${id}-hint`}
        />
        <button type="button" className="btn" onClick={() => void discover()} disabled={action.busy}>
          {action.busy ? 'Discovering…' : 'Discover'}
        </button>
      </div>
      <p id={`${id}-hint`} className="field-hint" role="status">
        {found ? (
          <>
            Endpoints filled in from <code>{found.source}</code>.
            {found.requireIss && props.signsIn && ' The server marks its sign-in responses with iss, so Authdesk will require it (RFC 9207).'}
            {found.tokenEndpointAuthMethods.length > 0 && ` Client authentication it supports: ${found.tokenEndpointAuthMethods.join(', ')}.`}
            {found.mtlsEndpointAliases && ' It names mutual-TLS endpoints too: with a client certificate (tls_client_auth) Authdesk uses those (RFC 8705 §5).'}
          </>
        ) : (
          'The authorization server’s URL. Discover reads its metadata (RFC 8414 or OpenID Connect) and fills in the endpoints.'
        )}
      </p>
      <ErrorAlert message={action.error} />
    </div>
  );
}
