import { BasicFields } from './BasicFields';

/** HTTP Digest (RFC 7616): the same credentials as Basic, but only a hash of them answers the server's challenge. */
export function DigestFields(props: {
  username: string;
  usernameSecret: boolean;
  onUsername: (value: string) => void;
  onUsernameSecret: (secret: boolean) => void;
}) {
  return (
    <>
      <p className="field-hint scheme-note">
        Authdesk answers the server’s <code>WWW-Authenticate: Digest</code> challenge for you (MD5 or SHA-256, qop=auth):
        the first request gets a 401, the retry carries the answer, and the password itself is never sent.
      </p>
      <BasicFields {...props} />
    </>
  );
}
