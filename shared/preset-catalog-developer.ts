import { oauth, clientId } from './preset-helpers';
import type { OAuthConfig } from './oauth';
import type { HeaderPair } from './request';
import type { Preset, PresetParam } from './presets';

/** Presets for developer and operations APIs: monitoring, networking, CRM pipelines, telephony, code hosting. */

/** Datadog sites (https://docs.datadoghq.com/getting_started/site/): API host and web app host. */
const DATADOG_SITES: [site: string, app: string][] = [
  ['datadoghq.com', 'app.datadoghq.com'],
  ['us3.datadoghq.com', 'us3.datadoghq.com'],
  ['us5.datadoghq.com', 'us5.datadoghq.com'],
  ['datadoghq.eu', 'app.datadoghq.eu'],
  ['ap1.datadoghq.com', 'ap1.datadoghq.com'],
  ['ap2.datadoghq.com', 'ap2.datadoghq.com'],
  ['ddog-gov.com', 'app.ddog-gov.com'],
  ['us2.ddog-gov.com', 'us2.ddog-gov.com'],
];

const pipedriveDomain: PresetParam = { id: 'company_domain', label: 'Pipedrive company domain (the part before .pipedrive.com)', example: 'acme' };
/** GitHub's REST API media type and version, which every GitHub preset sends with each request. */
const GITHUB_HEADERS: HeaderPair[] = [
  ['Accept', 'application/vnd.github+json'],
  ['X-GitHub-Api-Version', '2022-11-28'],
];

/**
 * A GitHub App installation: the App's ID and the installation's are placeholders here, so the config is written out
 * with the schema's defaults instead of parsed (their formats are checked once filled in: presetToProfileInput).
 */
const GITHUB_APP_AUTH: OAuthConfig = {
  scheme: 'oauth2',
  grant: 'github_app',
  appId: '{github_app_id}',
  installationId: '{installation_id}',
  apiBase: 'https://api.github.com',
  tokenEndpointAuthMethod: 'client_secret_basic',
  sendRawClientCredentials: false,
  requireIss: false,
  tokenPrefix: 'Bearer',
};

const twilioAccount: PresetParam = { id: 'account_sid', label: 'Twilio Account SID', pattern: 'AC[0-9a-fA-F]{32}', example: 'AC0123456789abcdef0123456789abcdef' };

export const DEVELOPER_PRESETS: readonly Preset[] = [
  {
    id: 'datadog',
    name: 'Datadog',
    description: 'Datadog API with the DD-API-KEY and DD-APPLICATION-KEY headers, on your Datadog site.',
    docs: 'https://docs.datadoghq.com/api/latest/authentication/',
    clientType: 'confidential',
    auth: {
      scheme: 'apikey',
      placements: [
        { in: 'header', name: 'DD-API-KEY' },
        { in: 'header', name: 'DD-APPLICATION-KEY' },
      ],
    },
    baseUrl: 'https://api.{site}',
    verify: { method: 'GET', path: '/api/v2/validate_keys' },
    identityField: null,
    keysUrl: 'https://{app_host}/organization-settings/api-keys',
    revokeUrl: 'https://{app_host}/organization-settings/api-keys',
    notes: [
      'Writes need the API key; reads also need the application key. /api/v2/validate_keys checks both; /api/v1/validate only the API key.',
      'Keys belong to one site: an EU key fails on datadoghq.com.',
    ],
    params: [
      { id: 'site', label: 'Datadog site', choices: DATADOG_SITES.map(([site, app]) => ({ value: site, label: site, also: { app_host: app } })) },
    ],
  },
  {
    id: 'meraki',
    name: 'Cisco Meraki Dashboard',
    description: 'Meraki Dashboard API v1 with the API key as a bearer token.',
    docs: 'https://developer.cisco.com/meraki/api-v1/authorization/',
    clientType: 'confidential',
    auth: { scheme: 'bearer', prefix: 'Bearer' },
    baseUrl: 'https://{meraki_host}',
    verify: { method: 'GET', path: '/api/v1/administered/identities/me' },
    identityField: 'response.email',
    keysUrl: 'https://dashboard.meraki.com/',
    revokeUrl: 'https://dashboard.meraki.com/',
    notes: [
      'Create and revoke keys under My Profile → API access, after an admin enables API access for the organization.',
      'The older X-Cisco-Meraki-API-Key header still works; Bearer is the documented way.',
    ],
    params: [
      {
        id: 'meraki_host',
        label: 'Dashboard region',
        choices: [
          { value: 'api.meraki.com', label: 'Global (api.meraki.com)' },
          { value: 'api.meraki.ca', label: 'Canada (api.meraki.ca)' },
          { value: 'api.meraki.cn', label: 'China (api.meraki.cn)' },
          { value: 'api.meraki.in', label: 'India (api.meraki.in)' },
          { value: 'api.gov-meraki.com', label: 'US FedRAMP (api.gov-meraki.com)' },
        ],
      },
    ],
  },
  {
    id: 'pipedrive',
    name: 'Pipedrive (api_token query)',
    description: 'Pipedrive API with the personal API token in the api_token query parameter.',
    docs: 'https://pipedrive.readme.io/docs/how-to-find-the-api-token',
    clientType: 'confidential',
    auth: { scheme: 'apikey', placements: [{ in: 'query', name: 'api_token' }] },
    baseUrl: 'https://{company_domain}.pipedrive.com',
    verify: { method: 'GET', path: '/api/v1/users/me' },
    identityField: 'response.data.email',
    keysUrl: 'https://app.pipedrive.com/settings/api',
    revokeUrl: 'https://app.pipedrive.com/settings/api',
    notes: [
      'A query parameter ends up in server and proxy logs; Pipedrive now documents the x-api-token header (preset "pipedrive-header").',
      'One token per user and company; regenerating it breaks every integration using the old one at once.',
    ],
    params: [pipedriveDomain],
  },
  {
    id: 'pipedrive-header',
    name: 'Pipedrive (x-api-token header)',
    description: 'Pipedrive API with the personal API token in the x-api-token header.',
    docs: 'https://pipedrive.readme.io/docs/core-api-concepts-authentication',
    clientType: 'confidential',
    auth: { scheme: 'apikey', placements: [{ in: 'header', name: 'x-api-token' }] },
    baseUrl: 'https://{company_domain}.pipedrive.com',
    verify: { method: 'GET', path: '/api/v1/users/me' },
    identityField: 'response.data.email',
    keysUrl: 'https://app.pipedrive.com/settings/api',
    revokeUrl: 'https://app.pipedrive.com/settings/api',
    notes: ['One token per user and company; regenerating it breaks every integration using the old one at once.'],
    params: [pipedriveDomain],
  },
  {
    id: 'pipedrive-oauth',
    name: 'Pipedrive (OAuth 2.0)',
    description: 'Pipedrive Marketplace app: OAuth 2.0 authorization code, client authenticated with HTTP Basic.',
    docs: 'https://pipedrive.readme.io/docs/marketplace-oauth-authorization',
    clientType: 'confidential',
    auth: oauth({
      scheme: 'oauth2',
      grant: 'authorization_code',
      authorizationEndpoint: 'https://oauth.pipedrive.com/oauth/authorize',
      tokenEndpoint: 'https://oauth.pipedrive.com/oauth/token',
      revocationEndpoint: 'https://oauth.pipedrive.com/oauth/revoke',
      clientId: '{client_id}',
      tokenEndpointAuthMethod: 'client_secret_basic',
    }),
    baseUrl: 'https://{company_domain}.pipedrive.com',
    verify: { method: 'GET', path: '/api/v1/users/me' },
    identityField: 'response.data.email',
    keysUrl: 'https://developers.pipedrive.com/docs/api/v1',
    revokeUrl: 'https://app.pipedrive.com/settings/marketplace',
    notes: [
      'Scopes are set on the app in Developer Hub, not in the request.',
      'The token reply names api_domain, the company\'s API host; Authdesk shows it after sign-in and offers to make it the base URL when it differs.',
    ],
    params: [pipedriveDomain, clientId('b4fa1f7c…')],
  },
  {
    id: 'twilio',
    name: 'Twilio (Account SID + Auth Token)',
    description: 'Twilio REST API with HTTP Basic: Account SID as username, Auth Token as password.',
    docs: 'https://www.twilio.com/docs/usage/requests-to-twilio',
    clientType: 'confidential',
    auth: { scheme: 'basic', username: '{account_sid}' },
    baseUrl: 'https://api.twilio.com',
    verify: { method: 'GET', path: '/2010-04-01/Accounts/{account_sid}.json' },
    identityField: 'auth.username',
    keysUrl: 'https://console.twilio.com/',
    revokeUrl: 'https://console.twilio.com/',
    notes: ['Twilio recommends API keys over the Auth Token for production (preset "twilio-api-key"); rotate the Auth Token from the console\'s account page.'],
    params: [twilioAccount],
  },
  {
    id: 'twilio-api-key',
    name: 'Twilio (API key)',
    description: 'Twilio REST API with HTTP Basic: API key SID as username, API key secret as password.',
    docs: 'https://www.twilio.com/docs/iam/api-keys',
    clientType: 'confidential',
    auth: { scheme: 'basic', username: '{api_key_sid}' },
    baseUrl: 'https://api.twilio.com',
    verify: { method: 'GET', path: '/2010-04-01/Accounts/{account_sid}.json' },
    identityField: 'auth.username',
    keysUrl: 'https://console.twilio.com/us1/account/keys-credentials/api-keys',
    revokeUrl: 'https://console.twilio.com/us1/account/keys-credentials/api-keys',
    notes: ['The API key secret is shown once, at creation. The Account SID still goes in the URL.'],
    params: [{ id: 'api_key_sid', label: 'API key SID', pattern: 'SK[0-9a-fA-F]{32}', example: 'SK0123456789abcdef0123456789abcdef' }, twilioAccount],
  },
  {
    id: 'github',
    name: 'GitHub (personal access token)',
    description: 'GitHub REST API with a personal access token (fine-grained or classic) as a bearer token.',
    docs: 'https://docs.github.com/en/rest/authentication/authenticating-to-the-rest-api',
    clientType: 'confidential',
    auth: { scheme: 'bearer', prefix: 'Bearer' },
    baseUrl: 'https://api.github.com',
    extraHeaders: GITHUB_HEADERS,
    verify: { method: 'GET', path: '/user' },
    identityField: 'response.login',
    keysUrl: 'https://github.com/settings/personal-access-tokens/new',
    revokeUrl: 'https://github.com/settings/personal-access-tokens',
    notes: ['GitHub also accepts the prefix "token"; Bearer is the documented form. Classic tokens are at https://github.com/settings/tokens.'],
  },
  {
    id: 'github-oauth',
    name: 'GitHub (OAuth app)',
    description: 'GitHub OAuth app: authorization code with PKCE; the device flow endpoint is filled in too.',
    docs: 'https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps',
    clientType: 'confidential',
    auth: oauth({
      scheme: 'oauth2',
      grant: 'authorization_code',
      authorizationEndpoint: 'https://github.com/login/oauth/authorize',
      tokenEndpoint: 'https://github.com/login/oauth/access_token',
      deviceAuthorizationEndpoint: 'https://github.com/login/device/code',
      clientId: '{client_id}',
      tokenEndpointAuthMethod: 'client_secret_post',
      scope: 'read:user',
    }),
    baseUrl: 'https://api.github.com',
    extraHeaders: GITHUB_HEADERS,
    verify: { method: 'GET', path: '/user' },
    identityField: 'response.login',
    keysUrl: 'https://github.com/settings/developers',
    revokeUrl: 'https://github.com/settings/applications',
    notes: [
      'GitHub\'s token endpoint answers application/x-www-form-urlencoded unless asked for JSON; Authdesk sends Accept: application/json and accepts either (TRAPS T8).',
      'GitHub answers a refused code exchange with HTTP 200 and an error field (incorrect_client_credentials, bad_verification_code): Authdesk reports it as the error it is.',
      'GitHub has no RFC 7009 revocation endpoint: revoke in settings or with DELETE /applications/{client_id}/grant.',
      'For the device flow, enable it on the app, switch the grant to device_code and client authentication to none.',
    ],
    params: [clientId('Iv1.8a61f9b3a7aba766')],
  },
  {
    id: 'github-app',
    name: 'GitHub App (installation token)',
    description: 'GitHub REST API as a GitHub App installation: a JWT signed with the App\'s private key buys an installation access token, sent as a bearer token.',
    docs: 'https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-an-installation-access-token-for-a-github-app',
    clientType: 'confidential',
    auth: GITHUB_APP_AUTH,
    baseUrl: 'https://api.github.com',
    extraHeaders: GITHUB_HEADERS,
    verify: { method: 'GET', path: '/installation/repositories' },
    identityField: 'auth.clientId',
    keysUrl: 'https://github.com/settings/apps',
    revokeUrl: 'https://github.com/settings/apps',
    notes: [
      'The token comes from POST https://api.github.com/app/installations/{installation_id}/access_tokens with an App JWT (RS256, iss = the App\'s client ID or App ID, at most 10 minutes long). It lasts an hour; Authdesk keeps it and gets a new one when it expires.',
      'Generate the private key in the App\'s settings under "Private keys" (an org\'s Apps are under the organization\'s Developer settings); the downloaded .pem ("BEGIN RSA PRIVATE KEY") is used as is. To revoke a key, delete it there.',
      'The installation ID is the number at the end of the installation\'s settings URL (…/settings/installations/12345678), or from GET /app/installations.',
      'The token can do only what the App\'s permissions and the installation\'s repositories allow; GET /installation/repositories lists those repositories. DELETE /installation/token revokes a token before it expires.',
    ],
    params: [
      { id: 'github_app_id', label: 'GitHub App client ID (or App ID)', pattern: 'Iv[0-9A-Za-z.]{1,60}|\\d{1,20}', example: 'Iv23liAbCdEf12345678' },
      { id: 'installation_id', label: 'Installation ID', pattern: '\\d{1,20}', example: '12345678' },
    ],
  },
];
