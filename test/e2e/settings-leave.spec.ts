import { expect, screenshot, test } from './harness';
import { createSandboxBasicProfile } from './sandbox-basic';

/**
 * A profile's Edit settings is not lost by surprise, as the New profile editor is not: untouched, a click in the sidebar
 * leaves at once; changed, every way out of the sidebar (another profile, New profile, Add from a provider, Import,
 * Try the sandbox, Settings) and Escape ask first. Keep editing keeps every field and focus; Discard goes where the
 * click pointed. A look at another tab (Request, History, Insights) keeps the form and its edits, unasked.
 */
test('Edit settings asks before sidebar navigation or Escape drops a change; another tab keeps it', async ({ authdesk }) => {
  const { page } = authdesk;
  await createSandboxBasicProfile(page, 'Alpha');
  const sidebar = page.getByRole('navigation', { name: 'Profiles' });
  await sidebar.getByRole('button', { name: 'Try the sandbox' }).click();
  await page.getByRole('button', { name: 'Create a Basic profile with these credentials' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Beta');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('tab', { name: 'Request' })).toHaveAttribute('aria-selected', 'true');

  const profile = page.locator('#panel-profile');
  const form = profile.getByRole('form', { name: 'Edit settings' });
  const confirm = page.getByRole('group', { name: 'Confirm discarding the settings changes' });

  // Untouched: another profile opens at once.
  await sidebar.getByText('Alpha').click();
  await profile.getByRole('button', { name: 'Edit settings' }).click();
  await sidebar.getByText('Beta').click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByRole('tab', { name: 'Profile: Beta' })).toHaveAttribute('aria-selected', 'true');
  await expect(form).toHaveCount(0);

  // Changed: each way out of the sidebar asks; Keep editing keeps every field, focus back in the form.
  await sidebar.getByText('Alpha').click();
  await profile.getByRole('button', { name: 'Edit settings' }).click();
  await form.getByLabel('Name', { exact: true }).fill('Alpha renamed');
  await form.getByLabel('Verify target').fill('/basic');
  const ways = ['New profile', 'Add from a provider', 'Import', 'Try the sandbox', 'Settings'].map((name) => sidebar.getByRole('button', { name }));
  for (const go of [sidebar.getByText('Beta'), ...ways]) {
    await go.click();
    await expect(confirm).toContainText('Discard your changes to these settings?');
    await expect(confirm.getByRole('button', { name: 'Discard' })).toBeFocused();
    await confirm.getByRole('button', { name: 'Keep editing' }).click();
    await expect(confirm).toHaveCount(0);
    await expect(form.getByLabel('Name', { exact: true })).toBeFocused();
    await expect(form.getByLabel('Name', { exact: true })).toHaveValue('Alpha renamed');
    await expect(form.getByLabel('Verify target')).toHaveValue('/basic');
  }

  // Escape in a field asks; Escape again keeps editing, focus back on that field.
  await form.getByLabel('Verify target').focus();
  await page.keyboard.press('Escape');
  await expect(confirm.getByRole('button', { name: 'Discard' })).toBeFocused();
  await screenshot(page, '63-settings-escape-confirm');
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(form.getByLabel('Verify target')).toBeFocused();

  // Another tab keeps the form as it was, unasked; a sidebar click from there brings the question to the front.
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(confirm).toHaveCount(0);
  await page.getByRole('tab', { name: 'Request' }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('tab', { name: 'Profile: Alpha' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(form.getByLabel('Verify target')).toHaveValue('/basic');
  await page.getByRole('tab', { name: 'Request' }).click();
  await sidebar.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('tab', { name: 'Profile: Alpha' })).toHaveAttribute('aria-selected', 'true');
  await expect(confirm.getByRole('button', { name: 'Discard' })).toBeFocused();

  // Discard goes where the click pointed, the change not saved.
  await confirm.getByRole('button', { name: 'Discard' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await sidebar.getByText('Alpha').click();
  await expect(form).toHaveCount(0);
  await expect(page.getByRole('tab', { name: 'Profile: Alpha' })).toHaveAttribute('aria-selected', 'true');
});
