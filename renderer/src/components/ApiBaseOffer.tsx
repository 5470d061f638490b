import type { ProfileView } from '../../../shared/contract';
import { call } from '../api';
import { useAction } from '../hooks/useAction';
import { ErrorAlert } from './ErrorAlert';

/**
 * After a sign-in whose token reply names another API host than the profile's base URL (Salesforce `instance_url`,
 * Zoho or Pipedrive `api_domain`): says so and makes that host the base URL in one click, since Authdesk sends the
 * token only to the base URL's origin. Shows nothing when they agree or the profile is bound to no origin.
 */
export function ApiBaseOffer(props: { profileId: string; apiBaseUrl: string; baseUrl: string | null; onAdopted: (p: ProfileView) => void }) {
  const action = useAction();
  if (props.baseUrl === null || new URL(props.baseUrl).origin === new URL(props.apiBaseUrl).origin) return null;
  const adopt = async () => {
    const updated = await action.run(() => call('profiles.update', { id: props.profileId, baseUrl: props.apiBaseUrl }));
    if (updated) props.onAdopted(updated);
  };
  return (
    <div className="api-base-offer">
      <p>
        The provider says to call its API at <code className="url">{props.apiBaseUrl}</code>; this profile sends its token
        only to <code className="url">{new URL(props.baseUrl).origin}</code>.
      </p>
      <button type="button" className="btn" onClick={() => void adopt()} disabled={action.busy}>
        Use as base URL
      </button>
      <ErrorAlert message={action.error} />
    </div>
  );
}
