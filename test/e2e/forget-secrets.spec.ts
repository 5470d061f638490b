import { expect, screenshot, test } from './harness';
import { createSandboxBasicProfile } from './sandbox-basic';

/**
 * Settings → Forget all secrets (with its confirmation) deletes the keychain entries; the next send with the profile
 * then says its password is no longer saved and how to fix it (Replace).
 */
test('Forget all secrets, then a send says the secret is gone', async ({ authdesk }) => {
  test.skip(
    process.env.AUTHDESK_KEYRING_SESSION !== 'ready',
    'Forget all secrets deletes every Authdesk entry in the keychain: run under scripts/with-keyring.sh (a throwaway keyring).',
  );
  const { page } = authdesk;
  await createSandboxBasicProfile(page, 'Sandbox forgotten');
  const request = page.locator('#panel-request');
  await request.getByRole('button', { name: 'Send' }).click();
  await expect(request.locator('.status-line .status-pill')).toHaveText(/^200\b/);

  const sidebar = page.getByRole('navigation', { name: 'Profiles' });
  await sidebar.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await page.getByRole('button', { name: 'Forget all secrets…' }).click();
  const confirm = page.getByRole('group', { name: 'Confirm forgetting all secrets' });
  await expect(confirm).toContainText('cannot be undone');
  await confirm.getByRole('button', { name: 'Forget all secrets' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Deleted [1-9]\d* keychain entr(y|ies)\. Profiles whose secrets were in the keychain\s+need them saved again before they can send: open each one and use Save beside each secret\.$/ })).toBeVisible();
  await screenshot(page, '24-forget-all');

  await sidebar.getByRole('button', { name: /Sandbox forgotten/ }).click();
  await page.getByRole('tab', { name: 'Request' }).click();
  await request.getByRole('button', { name: 'Send' }).click();
  await expect(request.getByRole('alert')).toContainText('has no password saved');
  await expect(request.getByRole('alert')).toContainText('its Save or Replace button');
});
