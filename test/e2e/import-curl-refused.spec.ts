import { expect, screenshot, test } from './harness';

/**
 * A password-grant token request is recognised and refused: the preview says what it recognised (not "no credentials
 * Authdesk recognises"), "Check these" says what to do instead, and no password is shown anywhere.
 */
test('a refused curl token request says what was recognised', async ({ authdesk }) => {
  const { page } = authdesk;
  const password = 'e2e-ropc-pass-71ab';
  await page.getByRole('navigation', { name: 'Profiles' }).getByRole('button', { name: 'Import' }).click();
  await page
    .getByLabel('Paste a curl command')
    .fill(`curl -X POST https://auth.example.com/oauth/token -d grant_type=password -d client_id=app -d username=ann -d password=${password}`);
  const preview = page.locator('.import-preview');
  await expect(preview).toContainText('Authdesk recognised an OAuth 2.0 token request for the resource owner password grant');
  await expect(preview).not.toContainText('carries no credentials');
  await expect(page.getByRole('note', { name: 'Import warnings' })).toContainText('authorization code grant (PKCE)');
  await expect(page.getByRole('button', { name: 'Create profile' })).toBeDisabled();
  await expect(page.locator('body')).not.toContainText(password);
  await screenshot(page, '67-import-curl-refused');
});
