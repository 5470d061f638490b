import type { ProfileView, RequestOf } from '../../../shared/contract';
import type { ClientType, VerifyRequest } from '../../../shared/profile';
import { profileHeadersSchema } from '../../../shared/profile-headers';
import { headerPairsOf, headerRowsOf, type HeaderRow } from './header-rows';
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
}

/** The Edit form's starting values: the profile as saved. */
export function settingsDraftOf(p: ProfileView): SettingsDraft {
  return {
    name: p.name,
    clientType: p.clientType,
    baseUrl: p.baseUrl ?? '',
    verifyMethod: p.verify?.method ?? 'GET',
    verifyTarget: p.verify?.target ?? '',
    trustRedirectsTo: p.trustRedirectsTo,
    headers: headerRowsOf(p.headers),
  };
}

/** What is wrong with the draft, in words for a person, or null when it can be saved. */
export function settingsProblem(d: SettingsDraft): string | null {
  const base = d.baseUrl.trim();
  const target = d.verifyTarget.trim();
  if (d.name.trim() === '') return 'A profile needs a name.';
  if (base !== '' && !isHttpUrl(base)) return 'The base URL must be an absolute URL that starts with http:// or https://.';
  if (target !== '' && !isHttpUrl(target) && !target.startsWith('/')) {
    return 'The verify target is a path such as /user, or an absolute URL.';
  }
  if (target.startsWith('/') && base === '') return 'A verify path such as /user needs a base URL to resolve against.';
  const headers = profileHeadersSchema.safeParse(headerPairsOf(d.headers));
  if (!headers.success) {
    const issue = headers.error.issues[0];
    const named = d.headers.filter((r) => r.name.trim() !== '');
    const at = typeof issue?.path[0] === 'number' ? d.headers.indexOf(named[issue.path[0]]!) : -1;
    return `${at >= 0 ? `Header ${at + 1}: ` : ''}${issue?.message ?? 'a header is not valid'}`;
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
