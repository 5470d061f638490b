import { expect, screenshot, test } from './harness';
import { createSandboxBasicProfile } from './sandbox-basic';

/**
 * Edit a saved profile's settings (verify request, trusted redirect origins, client type) and test its credentials
 * with one click: the "Verified" badge appears on the profile and in the sidebar; a public client with a password
 * gets its lint warning while it is one.
 */
test('edit settings, lint warnings, and Test credentials → Verified', async ({ authdesk }) => {
  const { page } = authdesk;
  const { baseUrl } = await createSandboxBasicProfile(page, 'Sandbox verified');
  await page.getByRole('tab', { name: 'Profile: Sandbox verified' }).click();
  const detail = page.getByRole('region', { name: 'Profile Sandbox verified' });
  await expect(detail.getByText('Add a verify request')).toBeVisible();

  await detail.getByRole('button', { name: 'Edit settings' }).click();
  const form = detail.getByRole('form', { name: 'Edit settings' });
  await expect(form.getByLabel('Base URL')).toHaveValue(baseUrl);
  await form.getByLabel('Verify target').fill('/basic');
  await form.getByLabel('Origin to trust').fill('https://files.example.com/downloads');
  await form.getByRole('button', { name: 'Add origin' }).click();
  await expect(form.getByRole('alert').filter({ hasText: 'no path' })).toBeVisible();
  await form.getByLabel('Origin to trust').fill('https://files.example.com');
  await form.getByRole('button', { name: 'Add origin' }).click();
  await expect(form.getByRole('button', { name: 'Stop trusting https://files.example.com' })).toBeVisible();
  await form.getByRole('radio', { name: /Public/ }).check();
  await form.getByRole('button', { name: 'Save settings' }).click();

  await expect(form).toHaveCount(0);
  const warnings = detail.getByRole('region', { name: 'One setting needs attention' });
  await expect(warnings).toContainText('public client');
  await expect(warnings).toContainText('Fix:');
  await expect(warnings).toContainText('RFC 8252');
  await expect(detail.getByText('Verify request', { exact: true }).locator('xpath=following-sibling::dd[1]')).toHaveText('GET /basic');
  await expect(detail.getByText('Trust redirects to', { exact: true }).locator('xpath=following-sibling::dd[1]')).toHaveText(
    'https://files.example.com',
  );
  await screenshot(page, '23-lint-warning');

  await detail.getByRole('button', { name: 'Edit settings' }).click();
  await form.getByRole('radio', { name: /Confidential/ }).check();
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(warnings).toHaveCount(0);

  await detail.getByRole('button', { name: 'Test credentials' }).click();
  await expect(detail.getByRole('status').filter({ hasText: 'The credentials work' })).toBeVisible();
  await expect(detail.locator('.status-line .status-pill')).toHaveText(/^200\b/);
  await expect(detail.locator('.badge-verified')).toContainText(/^✓ Verified · \S/);
  await expect(page.getByRole('navigation', { name: 'Profiles' }).locator('.badge-verified')).toContainText('Verified');
  await screenshot(page, '22-verified');
});
