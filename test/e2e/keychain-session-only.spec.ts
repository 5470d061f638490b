import type { SecretStore } from '../../electron/engine/keychain';
import { expect, screenshot, test } from './harness';

/** A keychain that does not answer, as keytar fails on Linux without a D-Bus session (TRAPS T21). */
const unavailable: SecretStore = {
  backend: 'Secret Service (libsecret)',
  setPassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
  getPassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
  deletePassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
  findCredentials: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
  checkUnlocked: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
};

test.use({ secretStore: unavailable });

/**
 * With the keychain unavailable the window says so with the fix, and only the user's explicit choice keeps secrets
 * in memory for the session; a persistent notice then says they will be lost on quit, and a first call works.
 */
test('keychain unavailable: the banner, then session-only secrets by explicit choice', async ({ authdesk }) => {
  const { page } = authdesk;
  const banner = page.getByRole('alert').filter({ hasText: 'Secrets cannot be saved to the OS keychain' });
  await expect(banner).toContainText('D-Bus');
  await screenshot(page, '25-keychain-unavailable');

  // Saving a secret before choosing says what is wrong and how to fix it, not "Something went wrong".
  await page.getByRole('main').getByRole('button', { name: 'Try the sandbox' }).click();
  await page.getByRole('button', { name: 'Create a Basic profile with these credentials' }).click();
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('form', { name: 'New profile' }).getByRole('alert')).toContainText('The OS keychain is not available (Cannot autolaunch D-Bus without X11 $DISPLAY)');
  await expect(page.getByText('Something went wrong')).toHaveCount(0);
  await screenshot(page, '25b-keychain-unavailable-save');

  await banner.getByRole('button', { name: 'Use secrets for this session only' }).click();
  await expect(banner).toHaveCount(0);
  const notice = page.getByRole('status').filter({ hasText: 'Secrets are kept in memory only and will be lost when you quit' });
  await expect(notice).toBeVisible();

  await page.getByRole('button', { name: 'Save profile' }).click();
  await page.locator('#panel-request').getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('#panel-request .status-line .status-pill')).toHaveText(/^200\b/);
  await expect(notice).toBeVisible();
  await screenshot(page, '26-session-only');
});
