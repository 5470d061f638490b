import { expect, screenshot, test } from './harness';

/**
 * A secret the scheme could not send (a bearer token or an API key for a header with characters outside ASCII) is
 * refused by the form itself, as the engine would refuse it: the alert names the field, focus goes to that secret
 * input, which is marked invalid and described by the alert (WCAG 3.3.1), and nothing reaches the engine. The same in
 * the profile view's Replace form. The secret itself never shows in a message or a reply.
 */
test('New profile and Replace refuse an unsendable token or API key at its field', async ({ authdesk }) => {
  const { page } = authdesk;
  const creates = () => authdesk.received.filter((r) => r.channel === 'profiles.create').length;
  await page.getByRole('navigation', { name: 'Profiles' }).getByRole('button', { name: 'New profile' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Unicode token');
  await page.getByLabel('Authentication scheme').selectOption({ label: 'API key' });
  const key = page.getByLabel('Key 1 value', { exact: true });
  await key.fill('clé-secrète-42');
  const save = page.getByRole('button', { name: 'Save profile' });
  await save.focus();
  await page.keyboard.press('Enter');
  const alert = page.getByRole('alert').filter({ hasText: /\S/ });
  await expect(alert).toHaveText(/^The API key for header X-Api-Key has characters the X-Api-Key header cannot carry/);
  await expect(key).toBeFocused();
  await expect(key).toHaveAttribute('aria-invalid', 'true');
  await expect(key).toHaveAccessibleDescription(/^The API key for header X-Api-Key has characters/);

  await page.getByLabel('Authentication scheme').selectOption({ label: 'Bearer' });
  const token = page.getByLabel('Token', { exact: true });
  await token.fill('tökén-secret-42');
  await save.focus();
  await page.keyboard.press('Enter');
  await expect(alert).toHaveText(/^The token has characters the Authorization header cannot carry/);
  await expect(token).toBeFocused();
  await expect(token).toHaveAttribute('aria-invalid', 'true');
  await expect(token).toHaveAccessibleDescription(/Stored in your OS keychain\. The token has characters/);
  await screenshot(page, '58-editor-token-not-ascii');
  expect(creates()).toBe(0);

  await token.fill('plain-token-42');
  await save.click();
  await expect(page.getByRole('tab', { name: 'Profile: Unicode token' })).toBeVisible();
  await page.getByRole('tab', { name: 'Profile: Unicode token' }).click();
  await page.getByRole('button', { name: 'Replace token' }).click();
  const replacement = page.getByLabel('New token', { exact: true });
  await replacement.fill('nöt-ascii-42');
  await page.getByRole('button', { name: 'Save to keychain' }).click();
  const panel = page.locator('#panel-profile');
  await expect(panel.getByRole('alert').filter({ hasText: /\S/ })).toHaveText(/^The token has characters the Authorization header cannot carry/);
  await expect(replacement).toBeFocused();
  await expect(replacement).toHaveAttribute('aria-invalid', 'true');
  await expect(replacement).toHaveAccessibleDescription(/^The token has characters/);
  expect(authdesk.received.filter((r) => r.channel === 'secrets.replace')).toHaveLength(0);
  await screenshot(page, '59-replace-token-not-ascii');

  const text = authdesk.receivedText();
  for (const secret of ['clé-secrète-42', 'tökén-secret-42', 'plain-token-42', 'nöt-ascii-42']) expect(text).not.toContain(secret);
  expect(await page.content()).not.toContain('nöt-ascii-42');
});
