import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { expect, screenshot, test } from './harness';

/**
 * "Add from a provider" by keyboard: search Datadog, pick its US1 site, fill both keys, create. There is no internet
 * here, so the proof is the profile itself (two header placements, both secrets saved with a fingerprint), the
 * revoke link on its page, and that neither key reached the window or the disk in any form.
 */
test('a Datadog profile from the provider presets', async ({ authdesk }) => {
  const { page } = authdesk;
  const apiKey = 'e2e-dd-api-key-4f1c9a7b3d2e';
  const appKey = 'e2e-dd-app-key-8a6b2c4d0e1f93';

  await page.getByRole('navigation', { name: 'Profiles' }).getByRole('button', { name: 'Add from a provider' }).click();
  const search = page.getByLabel('Search providers');
  await expect(search).toBeFocused();
  await page.keyboard.type('datadog');
  await expect(page.getByText('1 provider', { exact: true })).toBeVisible();
  const item = page.getByRole('list', { name: 'Providers' }).getByRole('listitem');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('Datadog');
  await expect(item.locator('.badge')).toHaveText('API key');
  await expect(item).toContainText('confidential client');
  await expect(item.getByRole('link', { name: /Docs for Datadog/ })).toHaveAttribute('href', 'https://docs.datadoghq.com/api/latest/authentication/');

  // Arrow down into the list, Enter picks: focus moves to the form's first field, and does again on a second pick.
  await page.keyboard.press('ArrowDown');
  await expect(item.getByRole('button')).toBeFocused();
  await page.keyboard.press('Enter');
  const form = page.getByRole('form', { name: 'Datadog' });
  await expect(form).toBeVisible();
  const profileName = form.getByLabel('Profile name');
  await expect(profileName).toBeFocused();
  await screenshot(page, '37-presets-picked-focus');
  await item.getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(profileName).toBeFocused();

  // The keys link follows the chosen site: EU first, then US1 (datadoghq.com).
  const site = form.getByLabel('Datadog site');
  await site.selectOption('datadoghq.eu');
  await expect(form.getByRole('link', { name: /Create keys for Datadog/ })).toHaveAttribute('href', 'https://app.datadoghq.eu/organization-settings/api-keys');
  await site.selectOption('datadoghq.com');
  await expect(form.getByRole('link', { name: /Create keys for Datadog/ })).toHaveAttribute('href', 'https://app.datadoghq.com/organization-settings/api-keys');
  await expect(form.locator('.preset-target')).toContainText('https://api.datadoghq.com');

  // Creating without the keys names the first missing one.
  await form.getByRole('button', { name: 'Create profile' }).click();
  await expect(form.getByRole('alert')).toHaveText('Enter the API key for header DD-API-KEY.');
  await expect(form.getByLabel('API key for header DD-API-KEY')).toBeFocused();
  await page.keyboard.type(apiKey);
  await form.getByLabel('API key for header DD-APPLICATION-KEY').fill(appKey);
  await expect(form.getByLabel('API key for header DD-APPLICATION-KEY')).toHaveAttribute('type', 'password');
  await screenshot(page, '30-presets');
  await form.getByRole('button', { name: 'Create profile' }).click();

  // The new profile opens on Datadog's "am I authenticated?" call.
  await expect(page.getByRole('tab', { name: 'Request' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByLabel('URL', { exact: true })).toHaveValue('https://api.datadoghq.com/api/v2/validate_keys');

  await page.getByRole('tab', { name: 'Profile: Datadog' }).click();
  const detail = page.locator('#panel-profile');
  await expect(detail).toContainText('API key in header DD-API-KEY and header DD-APPLICATION-KEY');
  await expect(detail).toContainText('GET /api/v2/validate_keys');
  await expect(detail.locator('.secret-status')).toHaveText([/^saved · fingerprint [0-9a-f]{8}/, /^saved · fingerprint [0-9a-f]{8}/]);
  await expect(detail.getByRole('link', { name: 'Datadog: app.datadoghq.com' })).toHaveAttribute('href', 'https://app.datadoghq.com/organization-settings/api-keys');
  await expect(detail).toContainText('Revoke or rotate these keys at');

  const profiles = await page.evaluate(() => window.authdesk!.invoke('profiles.list', {}));
  expect(profiles.ok && profiles.value[0]?.auth).toEqual({
    scheme: 'apikey',
    placements: [
      { in: 'header', name: 'DD-API-KEY' },
      { in: 'header', name: 'DD-APPLICATION-KEY' },
    ],
  });
  expect(profiles.ok && profiles.value[0]?.baseUrl).toBe('https://api.datadoghq.com');

  expect(findLeaks(authdesk.receivedText([]), [apiKey, appKey])).toEqual([]);
  expect(await scanPaths([authdesk.home], [apiKey, appKey])).toEqual([]);
});

/** A free value is checked against the preset's pattern, and an ended API says so before anything is created. */
test('preset values are validated and an ended API is flagged', async ({ authdesk }) => {
  const { page } = authdesk;
  await page.getByRole('navigation', { name: 'Profiles' }).getByRole('button', { name: 'Add from a provider' }).click();
  await page.getByLabel('Search providers').fill('twilio auth token');
  await page.getByRole('list', { name: 'Providers' }).getByRole('button').first().click();
  const form = page.locator('form.preset-form');
  const sid = form.getByLabel('Twilio Account SID');
  await sid.fill('SK0123');
  await sid.blur();
  await expect(form.getByText(/does not look like a Twilio Account SID: expected something like AC/)).toBeVisible();
  await expect(sid).toHaveAttribute('aria-invalid', 'true');
  await sid.fill('AC0123456789abcdef0123456789abcdef');
  await expect(sid).not.toHaveAttribute('aria-invalid');

  // Typing while in the list goes back to the search box.
  const search = page.getByLabel('Search providers');
  await search.press('ArrowDown');
  await page.keyboard.type('s');
  await expect(search).toBeFocused();
  await expect(search).toHaveValue('twilio auth tokens');
  await search.fill('mongodb');
  await expect(page.getByRole('list', { name: 'Providers' })).toContainText('End of life');
  await search.press('Enter');
  await expect(page.getByRole('note').filter({ hasText: 'This API has ended.' })).toContainText('requests now fail');
  await search.fill('');
  await screenshot(page, '34-presets-end-of-life');
});

/**
 * A Notion profile from its preset carries the required Notion-Version header as a profile header (sent with every
 * request, so its verify request is saved too), shows it, and edits it; a credential header is refused there.
 * The keys and revoke links come from the recorded preset id.
 */
test('a preset profile carries its headers, and Edit settings changes them', async ({ authdesk }) => {
  const { page } = authdesk;
  const token = 'ntn_e2e_secret_7c1d9e0b4a2f';
  await page.getByRole('navigation', { name: 'Profiles' }).getByRole('button', { name: 'Add from a provider' }).click();
  await page.getByLabel('Search providers').fill('notion internal');
  await page.getByRole('list', { name: 'Providers' }).getByRole('button').first().click();
  const form = page.locator('form.preset-form');
  await form.getByLabel('Token', { exact: true }).fill(token);
  await form.getByRole('button', { name: 'Create profile' }).click();
  await expect(page.getByLabel('URL', { exact: true })).toHaveValue('https://api.notion.com/v1/users/me');

  await page.getByRole('tab', { name: 'Profile: Notion (internal integration)' }).click();
  const detail = page.locator('#panel-profile');
  await expect(detail).toContainText('Notion-Version: 2022-06-28');
  await expect(detail).toContainText('GET /v1/users/me');
  await expect(detail.getByRole('link', { name: 'Notion (internal integration): www.notion.so' })).toHaveAttribute('href', 'https://www.notion.so/profile/integrations');

  await detail.getByRole('button', { name: 'Edit settings' }).click();
  const settings = detail.getByRole('form', { name: 'Edit settings' });
  const headers = settings.getByRole('group', { name: 'Headers sent with every request' });
  await expect(headers.getByLabel('Header 1 name')).toHaveValue('Notion-Version');
  await headers.getByLabel('Header 1 value').fill('2025-09-03');
  await headers.getByRole('button', { name: 'Add header' }).click();
  await headers.getByLabel('Header 2 name').fill('X-Api-Key');
  await headers.getByLabel('Header 2 value').fill('not-here');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings.getByRole('alert')).toContainText('Header 2: X-Api-Key carries credentials');
  await headers.getByRole('button', { name: 'Remove header 2' }).click();
  await screenshot(page, '35-presets-profile-headers');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings).toHaveCount(0);
  await expect(detail).toContainText('Notion-Version: 2025-09-03');

  const profiles = await page.evaluate(() => window.authdesk!.invoke('profiles.list', {}));
  expect(profiles.ok && profiles.value[0]).toMatchObject({ presetId: 'notion', headers: [['Notion-Version', '2025-09-03']] });
  expect(findLeaks(authdesk.receivedText([]), [token])).toEqual([]);
  expect(await scanPaths([authdesk.home], [token])).toEqual([]);
});
