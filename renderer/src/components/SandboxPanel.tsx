import { useEffect, useRef } from 'react';
import type { SandboxInfo } from '../../../shared/contract';
import type { SandboxProfileKind } from '../lib/prefill';

/**
 * The running sandbox: its address, demo credentials and endpoints, with one-click Basic and OAuth profiles. Opening
 * it moves focus to its heading: the button that started it (on the empty workspace) goes away with the view, and
 * focus would otherwise drop to the page body, where the next Tab starts over at the sidebar.
 */
export function SandboxPanel(props: { info: SandboxInfo; onCreate: (kind: SandboxProfileKind) => void; onClose: () => void }) {
  const { baseUrl, credentials, endpoints, oauth } = props.info;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="panel sandbox" aria-labelledby="sandbox-title">
      <h1 id="sandbox-title" ref={heading} tabIndex={-1}>
        The sandbox is running
      </h1>
      <p>
        A local test API at <code className="url">{baseUrl}</code>. Its demo credentials work only here, so you can try
        every scheme without a real account.
      </p>
      <h2>Demo credentials</h2>
      <dl className="kv">
        <dt>Basic username</dt>
        <dd>
          <code>{credentials.basic.username}</code>
        </dd>
        <dt>Basic password</dt>
        <dd>
          <code>{credentials.basic.password}</code>
        </dd>
        <dt>API key</dt>
        <dd>
          <code>{credentials.apiKey.value}</code> in header <code>{credentials.apiKey.header}</code>
        </dd>
        <dt>Bearer token</dt>
        <dd>
          <code>{credentials.bearerToken}</code>
        </dd>
        {oauth && (
          <>
            <dt>OAuth issuer</dt>
            <dd>
              <code>{oauth.issuer}</code> (metadata at <code>/.well-known/oauth-authorization-server</code>)
            </dd>
            <dt>OAuth server client</dt>
            <dd>
              <code>{oauth.confidential.clientId}</code> with secret <code>{oauth.confidential.clientSecret}</code> (client credentials)
            </dd>
            <dt>OAuth app client</dt>
            <dd>
              <code>{oauth.public.clientId}</code>, public: no secret (authorization code + PKCE, device code)
            </dd>
          </>
        )}
      </dl>
      <h2>Endpoints</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Request</th>
            <th scope="col">Auth</th>
            <th scope="col">What it does</th>
          </tr>
        </thead>
        <tbody>
          {endpoints.map((e) => (
            <tr key={`${e.method} ${e.path}`}>
              <td>
                <code>
                  {e.method} {e.path}
                </code>
              </td>
              <td>{e.auth}</td>
              <td>{e.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="button-row">
        <button type="button" className="btn btn-primary" onClick={() => props.onCreate('basic')}>
          Create a Basic profile with these credentials
        </button>
        {oauth && (
          <>
            <button type="button" className="btn" onClick={() => props.onCreate('oauth-client-credentials')}>
              Create an OAuth client-credentials profile
            </button>
            <button type="button" className="btn" onClick={() => props.onCreate('oauth-authorization-code')}>
              Create an OAuth sign-in (authorization code) profile
            </button>
          </>
        )}
        <button type="button" className="btn" onClick={props.onClose}>
          Close
        </button>
      </div>
    </section>
  );
}
