import type { ProfileView, RequestOf } from '../../../shared/contract';
import type { ClientType, VerifyRequest } from '../../../shared/profile';
import { profileHeadersSchema } from '../../../shared/profile-headers';
import { authenticatesNothing } from './draft';
import { headerField, headerPairsOf, headerRowsOf, type HeaderRow } from './header-rows';
import { problemAt, type Problem } from './problem';
import { profileNameProblem } from './profile-name';
import { isHttpUrl } from './url';

/** The editable, non-secret settings of a saved profile, as the Edit form holds them (strings as typed). */
export interface SettingsDraft {
  name: string;
  clientType: ClientType;
  baseUrl: string;
  verifyMethod: VerifyRequest['method'];
  verifyTarget: string;
  trustRedirectsTo: string[];
  /** The profile's headers, sent with every request (rows without a name are ignored). */
  headers: HeaderRow[];
  /**
   * Whether the client must stay public: an OAuth client that does not authenticate (authenticatesNothing) is a public
   * client (RFC 6749 §2.1), and this form does not edit its auth (a secret method needs a secret: a new profile).
   */
  publicOnly: boolean;
}

/** Why a {@link SettingsDraft.publicOnly} client cannot be confidential, and what to do instead. */
export const PUBLIC_ONLY_REASON =
  'This client does not authenticate at the token endpoint (client authentication "none"), so it is a public client (RFC 6749 §2.1). For a confidential client, create a new profile with a client secret.';

/** The Edit form's starting values: the profile as saved. */
export function settingsDraftOf(p: ProfileView): SettingsDraft {
  const publicOnly = p.auth.scheme === 'oauth2' && authenticatesNothing(p.auth);
  return {
    name: p.name,
    // One saved as confidential anyway (edited by hand, or by an older version) is shown, and saved, as the public client it is.
    clientType: publicOnly ? 'public' : p.clientType,
    baseUrl: p.baseUrl ?? '',
    verifyMethod: p.verify?.method ?? 'GET',
    verifyTarget: p.verify?.target ?? '',
    trustRedirectsTo: p.trustRedirectsTo,
    headers: headerRowsOf(p.headers),
    publicOnly,
  };
}

/**
 * The first thing to fix before the draft can be saved, in words for a person, and the field to fix it in (its
 * `data-field`, see Problem: `name`, `clientType`, `baseUrl`, `verifyTarget`, or a header row's headerField), or null.
 * `taken` are the names of the workspace's other profiles, which a renamed profile must not repeat.
 */
export function settingsProblem(d: SettingsDraft, taken: readonly string[] = []): Problem | null {
  const base = d.baseUrl.trim();
  const target = d.verifyTarget.trim();
  const name = profileNameProblem(d.name, 'A profile needs a name.', taken);
  if (name) return name;
  if (d.publicOnly && d.clientType === 'confidential') return problemAt('clientType', PUBLIC_ONLY_REASON);
  if (base !== '' && !isHttpUrl(base)) return problemAt('baseUrl', 'The base URL must be an absolute URL that starts with http:// or https://.');
  if (target !== '' && !isHttpUrl(target) && !target.startsWith('/')) {
    return problemAt('verifyTarget', 'The verify target is a path such as /user, or an absolute URL.');
  }
  if (target.startsWith('/') && base === '') return problemAt('baseUrl', 'A verify path such as /user needs a base URL to resolve against.');
  const headers = profileHeadersSchema.safeParse(headerPairsOf(d.headers));
  if (!headers.success) {
    const issue = headers.error.issues[0];
    const named = d.headers.filter((r) => r.name.trim() !== '');
    const at = typeof issue?.path[0] === 'number' ? d.headers.indexOf(named[issue.path[0]]!) : -1;
    const message = `${at >= 0 ? `Header ${at + 1}: ` : ''}${issue?.message ?? 'a header is not valid'}`;
    // The name or the value the issue is about; a problem of the whole list (too many rows) is at the first row.
    return problemAt(headerField(Math.max(at, 0), issue?.path[1] === 1 ? 'value' : 'name'), message);
  }
  return null;
}

/** The `profiles.update` request for a draft: empty base URL and verify target clear them. */
export function settingsUpdate(id: string, d: SettingsDraft): RequestOf<'profiles.update'> {
  const base = d.baseUrl.trim();
  const target = d.verifyTarget.trim();
  return {
    id,
    name: d.name.trim(),
    clientType: d.clientType,
    baseUrl: base === '' ? null : base,
    verify: target === '' ? null : { method: d.verifyMethod, target },
    trustRedirectsTo: d.trustRedirectsTo,
    headers: headerPairsOf(d.headers),
  };
}
