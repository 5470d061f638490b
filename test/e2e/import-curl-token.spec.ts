import { findLeaks } from '../helpers/leak-scan';
import { expect, test } from './harness';

/**
 * A pasted client credentials token request becomes an OAuth 2.0 profile (never Basic): the preview names the grant
 * and client_id, masks the client_secret, and the Request pane then starts at the API origin, not the token endpoint.
 */
test('a curl token request imports as an OAuth 2.0 client credentials profile', async ({ authdesk }) => {
  const { page } = authdesk;
  const secret = 'e2e-cs-secret-5c1d';
  await page.getByRole('navigation', { name: 'Profiles' }).getByRole('button', { name: 'Import' }).click();
  await page.getByLabel('Paste a curl command').fill(`curl -X POST https://auth.example.com/oauth/token -u 'client-a:${secret}' -d grant_type=client_credentials -d scope=read`);
  const preview = page.locator('.import-preview');
  await expect(preview).toContainText('OAuth 2.0');
  await expect(preview).toContainText('client-a');
  await expect(preview).not.toContainText('Basic');
  await expect(preview.getByRole('list', { name: 'Secrets found' }).getByRole('listitem')).toHaveText([/^client_secret\s*••••$/]);
  await expect(page.locator('body')).not.toContainText(secret);
  await page.getByRole('button', { name: 'Create profile' }).click();
  await expect(page.locator('#panel-request').getByLabel('URL', { exact: true })).toHaveValue('https://auth.example.com');
  expect(findLeaks(authdesk.receivedText(), [secret])).toEqual([]);
});
