import { expect, screenshot, test } from './harness';

/**
 * The RFC 8252 §8.3 warning about a redirect URI named "localhost" shows in New profile as the Redirect URI is
 * typed, with the wording the profile view uses after saving, and goes away for 127.0.0.1.
 */
test('New profile warns about a "localhost" redirect URI as it is typed', async ({ authdesk }) => {
  const { page } = authdesk;
  await page.getByRole('navigation', { name: 'Profiles' }).getByRole('button', { name: 'New profile' }).click();
  await page.getByLabel('Authentication scheme').selectOption({ label: 'OAuth 2.0' });
  await page.getByLabel('Grant').selectOption({ value: 'authorization_code' });
  const redirect = page.getByLabel('Redirect URI (optional)');
  const warning = page.getByRole('region', { name: 'One setting needs attention' });
  await expect(warning).toHaveCount(0);
  await redirect.fill('http://localhost:8765/callback');
  await expect(warning).toContainText('The redirect URI uses the name "localhost"');
  await expect(warning).toContainText('RFC 8252 §8.3');
  await screenshot(page, '63-editor-redirect-localhost-warning');
  await redirect.fill('http://127.0.0.1:8765/callback');
  await expect(warning).toHaveCount(0);
});
