import type { Dispatch, SetStateAction } from 'react';
import { withGrant, withOAuth, type ProfileDraft } from '../lib/draft';
import type { EditorPrefill } from '../lib/prefill';
import { ApiKeyFields } from './ApiKeyFields';
import { BasicFields } from './BasicFields';
import { BearerFields } from './BearerFields';
import { DigestFields } from './DigestFields';
import { MtlsFields } from './MtlsFields';
import { OAuthFields } from './OAuthFields';
import { SigV4Fields } from './SigV4Fields';

/** The fields of the scheme the editor's draft has chosen (secret fields are write-only inputs, not draft state). */
export function SchemeFields({ draft, setDraft, prefill }: { draft: ProfileDraft; setDraft: Dispatch<SetStateAction<ProfileDraft>>; prefill: EditorPrefill | null }) {
  const set = (patch: Partial<ProfileDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const user = {
    username: draft.username,
    usernameSecret: draft.usernameSecret,
    onUsername: (username: string) => set({ username }),
    onUsernameSecret: (usernameSecret: boolean) => set({ usernameSecret }),
  };
  switch (draft.scheme) {
    case 'basic':
      return <BasicFields {...user} passwordDefault={prefill?.scheme === 'basic' ? prefill.password : undefined} />;
    case 'digest':
      return <DigestFields {...user} />;
    case 'apikey':
      return <ApiKeyFields placements={draft.placements} onChange={(placements) => set({ placements })} />;
    case 'bearer':
      return <BearerFields prefix={draft.bearerPrefix} onPrefix={(bearerPrefix) => set({ bearerPrefix })} />;
    case 'aws-sigv4':
      return <SigV4Fields draft={draft.sigv4} onChange={(p) => setDraft((d) => ({ ...d, sigv4: { ...d.sigv4, ...p } }))} />;
    case 'mtls':
      return <MtlsFields draft={draft.mtls} onChange={(p) => setDraft((d) => ({ ...d, mtls: { ...d.mtls, ...p } }))} />;
    case 'oauth2':
      return (
        <OAuthFields
          draft={draft.oauth}
          clientType={draft.clientType}
          onChange={(update) => setDraft((d) => withOAuth(d, update(d.oauth)))}
          onGrant={(grant) => setDraft((d) => withGrant(d, grant))}
          secretDefault={prefill?.scheme === 'oauth2' ? (prefill.clientSecret ?? undefined) : undefined}
          discoverOnMount={prefill?.scheme === 'oauth2'}
        />
      );
  }
}
