import { expect, screenshot, test } from './harness';

/**
 * A secret of 1–3 characters cannot be masked by value where a server echoes it; the editor says so under the field as
 * it is typed (its length only: the value stays in the input), as `profile add` warns. Saving is not refused.
 */
test('New profile: a password too short to be masked by value gets a note under its field', async ({ authdesk }) => {
  const { page } = authdesk;
  await page.getByRole('navigation', { name: 'Profiles' }).getByRole('button', { name: 'New profile' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Short password');
  await page.getByLabel('Username', { exact: true }).fill('u');
  const password = page.getByLabel('Password', { exact: true });
  await password.fill('Zq7');
  await expect(password).toHaveAccessibleDescription(/3 characters: too short to be masked by value/);
  await screenshot(page, '66-editor-short-secret');
  await password.fill('Zq7-long-enough');
  await expect(page.getByText('too short to be masked by value')).toHaveCount(0);
  await password.fill('Zq7');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('tab', { name: /Profile: Short password/ })).toBeVisible();
  expect(await page.locator('body').innerText()).not.toContain('Zq7');
});
