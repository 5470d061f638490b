import { expect, test } from './harness';

/**
 * A second curl command against the same host proposes a profile name that is still free ("… (curl 2)"), so
 * Create works without the person renaming it first.
 */
test('a second curl import against the same host proposes a free name', async ({ authdesk }) => {
  const { page } = authdesk;
  await page.getByRole('main').getByRole('button', { name: 'Try the sandbox' }).click();
  const baseUrl = (await page.locator('.sandbox code.url').textContent()) ?? '';
  const host = new URL(baseUrl).host;
  const nav = page.getByRole('navigation', { name: 'Profiles' });

  for (const expected of [`${host} (curl)`, `${host} (curl 2)`]) {
    await nav.getByRole('button', { name: 'Import' }).click();
    await page.getByLabel('Paste a curl command').fill(`curl -u 'demo:authdesk-demo' ${baseUrl}/basic`);
    await expect(page.getByLabel('Profile name')).toHaveValue(expected);
    await page.getByRole('button', { name: 'Create profile' }).click();
    await expect(page.getByRole('tab', { name: 'Request' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.locator('#panel-request').getByLabel('Auth profile').locator('option:checked')).toHaveText(expected);
  }
  await expect(nav).toContainText(`${host} (curl 2)`);
});
