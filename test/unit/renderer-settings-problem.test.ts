import { describe, expect, it } from 'vitest';
import type { ProfileView } from '../../shared/contract';
import type { AuthConfig } from '../../shared/profile';
import { headerRowsOf } from '../../renderer/src/lib/header-rows';
import { PUBLIC_ONLY_REASON, settingsDraftOf, settingsProblem, settingsUpdate, type SettingsDraft } from '../../renderer/src/lib/settings-draft';

const oauth = (grant: 'authorization_code' | 'device_code' | 'client_credentials' | 'jwt_bearer', method: 'none' | 'client_secret_basic'): AuthConfig =>
  ({ scheme: 'oauth2', grant, tokenEndpoint: 'https://as.example/token', clientId: 'app', tokenEndpointAuthMethod: method, sendRawClientCredentials: false, requireIss: false, tokenPrefix: 'Bearer' }) as AuthConfig;
const view = (auth: AuthConfig, clientType: 'public' | 'confidential' = 'public'): ProfileView =>
  ({ id: 'p1', name: 'Desk', clientType, auth, baseUrl: 'https://api.example', verify: null, trustRedirectsTo: [], headers: [] }) as unknown as ProfileView;
const basic = (): SettingsDraft => settingsDraftOf(view({ scheme: 'basic', username: 'u' } as AuthConfig, 'confidential'));

/** Edit settings names the field of each problem (its data-field), so the form moves focus there as New profile does. */
describe('Edit settings: the field a problem is in', () => {
  it('names the name, base URL and verify target inputs', () => {
    expect(settingsProblem({ ...basic(), name: ' ' })).toEqual({ field: 'name', message: 'A profile needs a name.' });
    expect(settingsProblem({ ...basic(), baseUrl: 'api.example' })?.field).toBe('baseUrl');
    expect(settingsProblem({ ...basic(), verifyTarget: 'user' })?.field).toBe('verifyTarget');
    // A verify path needs a base URL: the fix is typed in the base URL.
    expect(settingsProblem({ ...basic(), baseUrl: '', verifyTarget: '/user' })?.field).toBe('baseUrl');
    expect(settingsProblem(basic())).toBeNull();
  });

  it('names the header row and the part at fault, counting rows as shown', () => {
    const rows = headerRowsOf([['Accept', 'a'], ['', ''], ['Accept', 'b']]);
    expect(settingsProblem({ ...basic(), headers: rows })).toEqual({ field: 'header2Name', message: 'Header 3: Accept is given twice: a profile sends each header once.' });
    const badValue = settingsProblem({ ...basic(), headers: headerRowsOf([['X-Trace', 'on'], ['X-Note', 'snow ☃']]) });
    expect(badValue?.field).toBe('header1Value');
    expect(badValue?.message).toMatch(/^Header 2: /);
  });
});

describe('Edit settings: a client that does not authenticate stays public (RFC 6749 §2.1), as in New profile', () => {
  it('an OAuth client with client authentication none cannot be made confidential', () => {
    for (const grant of ['authorization_code', 'device_code'] as const) {
      const d = settingsDraftOf(view(oauth(grant, 'none')));
      expect(d).toMatchObject({ publicOnly: true, clientType: 'public' });
      expect(settingsProblem(d)).toBeNull();
      expect(settingsProblem({ ...d, clientType: 'confidential' })).toEqual({ field: 'clientType', message: PUBLIC_ONLY_REASON });
    }
  });

  it('one saved as confidential anyway starts, and is saved, as public', () => {
    const d = settingsDraftOf(view(oauth('authorization_code', 'none'), 'confidential'));
    expect(d.clientType).toBe('public');
    expect(settingsUpdate('p1', d).clientType).toBe('public');
  });

  it('a client that authenticates (a secret, or a private key that signs the grant) may be either', () => {
    for (const auth of [oauth('client_credentials', 'client_secret_basic'), oauth('jwt_bearer', 'none'), { scheme: 'bearer', prefix: 'Bearer' } as AuthConfig]) {
      const d = settingsDraftOf(view(auth, 'confidential'));
      expect(d.publicOnly).toBe(false);
      expect(settingsProblem(d)).toBeNull();
      expect(settingsProblem({ ...d, clientType: 'public' })).toBeNull();
    }
  });
});
