import { randomBytes } from 'node:crypto';
import type { AttemptAuth, RequestAuthenticator, WireRequest } from '../../shared/auth-apply';
import { chooseDigestChallenge, describeDigest, digestAuthorization, type DigestChallenge } from '../../shared/digest';
import type { HeaderPair } from '../../shared/request';
import { parseWwwAuthenticate } from '../../shared/www-authenticate';
import { nodeDigestHash } from './digest-hash';

/** The last challenge answered for one protection space, and how many requests have used its nonce. */
interface DigestSession {
  challenge: DigestChallenge;
  nc: number;
}

/**
 * Digest nonces remembered per profile and origin (the protection space, RFC 9110 §11.5), so a later request sends
 * credentials straight away with the next nonce count (RFC 7616 §3.4: nc 00000001, 00000002… per nonce) instead of
 * taking a 401 first. Memory only; a nonce is not a secret but is worthless after a restart anyway.
 */
export class DigestSessions {
  private readonly sessions = new Map<string, DigestSession>();

  /**
   * The authenticator of one send for a profile (one per send: it remembers whether this exchange sent credentials
   * or saw a challenge, for {@link RequestAuthenticator.settled}).
   */
  authenticator(profileId: string, username: string, password: string): RequestAuthenticator {
    const key = (url: string) => `${profileId} ${new URL(url).origin}`;
    const sessions = this.sessions;
    /** Whether an attempt of this exchange carried credentials, and whether any Digest challenge came back. */
    let answered = false;
    let challengeSeen = false;
    return {
      async authorize(req: WireRequest): Promise<AttemptAuth> {
        const session = sessions.get(key(req.url));
        if (!session) return { headers: [], secretValues: [], steps: [] };
        answered = true;
        session.nc += 1;
        const u = new URL(req.url);
        const cnonce = randomBytes(16).toString('hex');
        const { value, response, username: sent } = digestAuthorization({ challenge: session.challenge, username, password, method: req.method, uri: u.pathname + u.search, nc: session.nc, cnonce, hash: nodeDigestHash });
        const nc = session.challenge.qop ? `, nc ${session.nc.toString(16).padStart(8, '0')}` : '';
        return {
          headers: [['Authorization', value]],
          secretValues: [response, ...(sent !== username ? [sent] : [])],
          steps: [{ kind: 'applied', detail: `Digest ${session.nc > 1 ? 'nonce reused' : 'challenge answered'} (${describeDigest(session.challenge)}${nc})` }],
        };
      },

      /**
       * Answers the first challenge of a hop (to a request without credentials, or with a remembered nonce the
       * server no longer takes) and, once more, a challenge marked `stale=true` (RFC 7616 §3.3: the credentials
       * were right, only the nonce expired). A second non-stale 401 means the credentials were refused.
       */
      challenged(req: WireRequest, responseHeaders: readonly HeaderPair[], retries: number) {
        const values = responseHeaders.filter(([k]) => k.toLowerCase() === 'www-authenticate').map(([, v]) => v);
        const choice = chooseDigestChallenge(parseWwwAuthenticate(values));
        if (choice) challengeSeen = true;
        if (!choice || retries >= 2) return { retry: false, steps: [] };
        if ('unsupported' in choice) return { retry: false, steps: [{ kind: 'refused' as const, detail: `Digest challenge not answered: ${choice.unsupported}.` }] };
        const { challenge } = choice;
        if (retries === 1 && !challenge.stale) {
          sessions.delete(key(req.url));
          return { retry: false, steps: [{ kind: 'note' as const, detail: 'The server refused the Digest answer (not a stale nonce): check the username and password.' }] };
        }
        sessions.set(key(req.url), { challenge, nc: 0 });
        const detail = challenge.stale ? `Digest nonce was stale; new challenge received (${describeDigest(challenge)})` : `Digest challenge received (${describeDigest(challenge)})`;
        return { retry: true, steps: [{ kind: 'note' as const, detail }] };
      },

      /**
       * An exchange that never sent credentials says so (RFC 7616 §3.3: the client answers a challenge; without
       * one there is nothing to answer), so a 2xx is not read as the profile's credentials working. A challenge
       * that could not be answered already has its step.
       */
      settled(status: number) {
        if (answered || challengeSeen) return [];
        const detail =
          status === 401
            ? 'The server answered 401 without a WWW-Authenticate: Digest challenge, so no credentials were sent.'
            : "The server did not ask for credentials (no WWW-Authenticate: Digest challenge), so none were sent. This response does not test the profile's username and password.";
        return [{ kind: 'note' as const, detail }];
      },
    };
  }
}
