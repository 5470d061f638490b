import { expect, screenshot, test } from './harness';
import { createSandboxBasicProfile } from './sandbox-basic';

/**
 * Keyboard focus when the main area changes view: the sandbox panel and the New profile editor take focus when they
 * open, and the editor gives it back to the button that opened it when it closes (Escape or Cancel), instead of
 * dropping it on the page body, where the next Tab starts over at the sidebar (WCAG 2.4.3).
 */

test('Try the sandbox, by Enter or by click, moves focus to the sandbox panel heading', async ({ authdesk }) => {
  const { page } = authdesk;
  const start = page.getByRole('main').getByRole('button', { name: 'Try the sandbox' });
  await start.focus();
  await page.keyboard.press('Enter');
  const heading = page.getByRole('heading', { name: 'The sandbox is running' });
  await expect(heading).toBeFocused();
  await screenshot(page, '53-sandbox-heading-focused');
  // Tab continues inside the panel, not at the top of the sidebar.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('.sandbox') !== null)).toBe(true);

  await page.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('main').getByRole('button', { name: 'Try the sandbox' }).click();
  await expect(heading).toBeFocused();
});

/**
 * Escape cancels the New profile editor as it closes other inline panels, and focus goes back to the button that
 * opened it. Once something was typed (a secret, say), Escape asks first: Discard closes, Keep editing (or Escape
 * again) keeps every field as it was, focus back where it was.
 */
test('Escape cancels the New profile editor, asking first once something was typed; focus returns to its opener', async ({ authdesk }) => {
  const { page } = authdesk;
  const editor = page.getByRole('form', { name: 'New profile' });
  const name = editor.getByLabel('Name', { exact: true });

  // Untouched: Escape closes at once, focus back on the sidebar's New profile.
  const sidebarNew = page.getByRole('navigation', { name: 'Profiles' }).getByRole('button', { name: 'New profile' });
  await sidebarNew.focus();
  await page.keyboard.press('Enter');
  await expect(name).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(editor).toHaveCount(0);
  await expect(sidebarNew).toBeFocused();

  // Typed in: Escape asks; Escape again (and Keep editing) keeps the input; Discard closes, focus on the opener.
  const mainNew = page.getByRole('main').getByRole('button', { name: 'New profile' });
  await mainNew.focus();
  await page.keyboard.press('Enter');
  await page.keyboard.type('Half done');
  await editor.getByLabel('Password', { exact: true }).fill('typed-but-not-saved');
  const confirm = page.getByRole('group', { name: 'Confirm discarding the new profile' });
  await page.keyboard.press('Escape');
  await expect(confirm.getByRole('button', { name: 'Discard' })).toBeFocused();
  await screenshot(page, '54-editor-escape-confirm');
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(editor.getByLabel('Password', { exact: true })).toBeFocused();
  await expect(name).toHaveValue('Half done');
  await page.keyboard.press('Escape');
  await confirm.getByRole('button', { name: 'Keep editing' }).press('Enter');
  await expect(editor.getByLabel('Password', { exact: true })).toHaveValue('typed-but-not-saved');
  await page.keyboard.press('Escape');
  await confirm.getByRole('button', { name: 'Discard' }).press('Enter');
  await expect(editor).toHaveCount(0);
  await expect(mainNew).toBeFocused();

  // Opened from the sandbox panel: Escape goes back to the panel, focus on the button that opened the editor.
  await page.getByRole('main').getByRole('button', { name: 'Try the sandbox' }).click();
  const createBasic = page.getByRole('button', { name: 'Create a Basic profile with these credentials' });
  await createBasic.press('Enter');
  await expect(name).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(editor).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'The sandbox is running' })).toBeVisible();
  await expect(createBasic).toBeFocused();
});

/** Saving a profile opens its first request with focus in the URL field, not dropped on the page body (WCAG 2.4.3). */
test('a saved profile opens the Request tab with focus in its URL field', async ({ authdesk }) => {
  const { page } = authdesk;
  await createSandboxBasicProfile(page, 'Focus after save');
  await expect(page.getByLabel('URL', { exact: true })).toBeFocused();
  await screenshot(page, '61-request-url-focused-after-save');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.locator('#panel-request .status-line .status-pill')).toHaveText(/^200\b/);
});

/**
 * A half-filled New profile is not lost to a click in the sidebar: a profile, Settings or New profile ask the same
 * question as Escape. Keep editing keeps every field; Discard goes where the click pointed. Escape works anywhere in
 * the editor's view, also after a click on blank space took focus out of the form.
 */
test('sidebar navigation and Escape outside the form ask before discarding a typed New profile', async ({ authdesk }) => {
  const { page } = authdesk;
  await createSandboxBasicProfile(page, 'Existing');
  const sidebar = page.getByRole('navigation', { name: 'Profiles' });
  const editor = page.getByRole('form', { name: 'New profile' });
  const confirm = page.getByRole('group', { name: 'Confirm discarding the new profile' });
  await sidebar.getByRole('button', { name: 'New profile' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Half done');
  await editor.getByLabel('Password', { exact: true }).fill('typed-not-saved');

  for (const go of [sidebar.getByText('Existing'), sidebar.getByRole('button', { name: 'Settings' }), sidebar.getByRole('button', { name: 'New profile' })]) {
    await go.click();
    await expect(confirm).toContainText('Discard this new profile?');
    await expect(confirm.getByRole('button', { name: 'Discard' })).toBeFocused();
    await confirm.getByRole('button', { name: 'Keep editing' }).click();
    await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Half done');
    await expect(editor.getByLabel('Password', { exact: true })).toHaveValue('typed-not-saved');
  }
  await screenshot(page, '62-editor-kept-after-sidebar-click');

  // Escape after a click on blank space in main (focus left the form) asks too; Escape in the sidebar does not.
  await page.getByRole('main').click({ position: { x: 5, y: 5 } });
  await expect(editor.getByLabel('Name', { exact: true })).not.toBeFocused();
  await page.keyboard.press('Escape');
  await expect(confirm.getByRole('button', { name: 'Discard' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await sidebar.getByRole('button', { name: 'Import' }).focus();
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(editor).toBeVisible();

  await sidebar.getByText('Existing').click();
  await confirm.getByRole('button', { name: 'Discard' }).click();
  await expect(editor).toHaveCount(0);
  await expect(page.getByRole('tab', { name: 'Profile: Existing' })).toHaveAttribute('aria-selected', 'true');
});

/** Escape in an untouched New profile closes it even when focus left the form for blank space in main. */
test('Escape closes an untouched New profile after a click on blank space', async ({ authdesk }) => {
  const { page } = authdesk;
  await page.getByRole('navigation', { name: 'Profiles' }).getByRole('button', { name: 'New profile' }).click();
  await page.getByRole('main').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Escape');
  await expect(page.getByRole('form', { name: 'New profile' })).toHaveCount(0);
});
