import { expect, test } from './harness';
import { createSandboxBasicProfile } from './sandbox-basic';

/**
 * The Request form follows the profile picked in the sidebar (what is typed stays), so Send never uses another
 * profile than the one the window shows; and History's export buttons wait for something to export.
 */
test('a profile picked in the sidebar becomes the request’s auth profile; export waits for history', async ({ authdesk }) => {
  const { page } = authdesk;
  const sandbox = await createSandboxBasicProfile(page, 'First');

  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page.getByText('Nothing to export yet.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Export HAR' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Export JSONL' })).toBeDisabled();

  const sidebar = page.getByRole('navigation', { name: 'Profiles' });
  await sidebar.getByRole('button', { name: 'New profile' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Second');
  await page.getByLabel('Authentication scheme').selectOption({ label: 'Bearer' });
  await page.getByLabel('Token', { exact: true }).fill('second-token-not-a-secret-here');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('tab', { name: /^Profile: Second/ })).toBeVisible();

  const chosen = page.locator('#panel-request').getByLabel('Auth profile');
  await page.getByRole('tab', { name: 'Request' }).click();
  await page.getByLabel('URL', { exact: true }).fill(`${sandbox.baseUrl}/basic`);
  await sidebar.getByRole('button', { name: 'First' }).click();
  await page.getByRole('tab', { name: 'Request' }).click();
  await expect(chosen.locator('option:checked')).toHaveText('First');
  await expect(page.getByLabel('URL', { exact: true })).toHaveValue(`${sandbox.baseUrl}/basic`);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('#panel-request .status-line .status-pill')).toHaveText(/^200\b/);

  await sidebar.getByRole('button', { name: 'Second' }).click();
  await page.getByRole('tab', { name: 'Request' }).click();
  await expect(chosen.locator('option:checked')).toHaveText('Second');

  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page.getByRole('button', { name: 'Export HAR' })).toBeEnabled();
  await expect(page.getByText('Nothing to export yet.')).toHaveCount(0);
});
