import type { Locator, Page } from '@playwright/test';
import { expect, screenshot, test } from './harness';
import { createSandboxBasicProfile } from './sandbox-basic';

/**
 * Keyboard use of the inline panels and busy buttons of a profile: opening a panel moves focus into it, Escape
 * closes it like a dialog, and closing it (Escape, Cancel, Keep it, Save) or finishing an action puts focus back on
 * the button that started it instead of dropping it on the page body, where the next Tab starts over at the sidebar.
 */

/** Focuses `button` and presses `key` on it, as a keyboard user does. */
async function press(button: Locator, key = 'Enter'): Promise<void> {
  await button.focus();
  await button.press(key);
}

/**
 * An inline confirmation opened by `opener`: focus lands on its `confirmName` button, Escape closes it and gives focus
 * back to `opener`, and so does its `keepName` button.
 */
async function expectConfirmationKeepsFocus(page: Page, opener: Locator, confirm: Locator, confirmName: string, keepName: string): Promise<void> {
  await press(opener);
  await expect(confirm.getByRole('button', { name: confirmName })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(opener).toBeFocused();
  await press(opener);
  await press(confirm.getByRole('button', { name: keepName }));
  await expect(opener).toBeFocused();
}

async function expectFocusOnBody(page: Page, expected: boolean): Promise<void> {
  expect(await page.evaluate(() => document.activeElement === document.body || document.activeElement === null)).toBe(expected);
}

test('Replace, Edit settings, Delete and Test credentials keep focus and close with Escape', async ({ authdesk }) => {
  const { page } = authdesk;
  const sandbox = await createSandboxBasicProfile(page, 'Keyboard');
  await page.getByRole('tab', { name: 'Profile: Keyboard' }).click();
  const profile = page.locator('#panel-profile');

  // Replace: focus lands in the new secret's field; Escape closes; Cancel and Save return to Replace.
  const replace = profile.getByRole('button', { name: 'Replace password' });
  await press(replace);
  await expect(profile.getByLabel('New password')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(profile.getByLabel('New password')).toHaveCount(0);
  await expect(replace).toBeFocused();
  await press(replace);
  await press(profile.locator('.replace-form').getByRole('button', { name: 'Cancel' }));
  await expect(replace).toBeFocused();
  await press(replace);
  await page.keyboard.type(sandbox.password);
  await page.keyboard.press('Enter');
  await expect(profile.getByLabel('New password')).toHaveCount(0);
  await expect(replace).toBeFocused();

  // Edit settings: focus lands on the first field; Escape closes; Save returns to Edit settings.
  const edit = profile.getByRole('button', { name: 'Edit settings' });
  await press(edit);
  await expect(profile.getByLabel('Name', { exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(profile.getByRole('button', { name: 'Save settings' })).toHaveCount(0);
  await expect(edit).toBeFocused();
  await press(edit);
  await profile.getByLabel('Verify target').fill('/basic');
  await press(profile.getByRole('button', { name: 'Save settings' }));
  await expect(profile.getByRole('button', { name: 'Save settings' })).toHaveCount(0);
  await expect(edit).toBeFocused();

  // Test credentials: the button is disabled while it runs; focus comes back to it with the result.
  const testButton = profile.getByRole('button', { name: 'Test credentials' });
  await press(testButton);
  await expect(profile.getByText('The credentials work: the verify request answered 2xx.')).toBeVisible();
  await expect(testButton).toBeFocused();

  // Delete: the confirmation closes with Escape and with Keep it, focus back on Delete profile.
  const remove = profile.getByRole('button', { name: 'Delete profile' });
  const confirm = profile.getByRole('group', { name: 'Confirm deletion' });
  await expectConfirmationKeepsFocus(page, remove, confirm, 'Delete', 'Keep it');
  await expectFocusOnBody(page, false);
  await screenshot(page, '30-keyboard-profile');

  // Deleting takes the panel away with the focused button: focus goes to the main area, and Tab continues there.
  await press(remove);
  await press(confirm.getByRole('button', { name: 'Delete' }));
  await expect(page.getByRole('heading', { name: 'Get your first authenticated API call working' })).toBeVisible();
  await expect(page.getByRole('main')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('main').getByRole('button', { name: 'Try the sandbox' })).toBeFocused();
});

test('Settings: the Forget all secrets confirmation closes with Escape, focus back on its button', async ({ authdesk }) => {
  const { page } = authdesk;
  await page.getByRole('navigation', { name: 'Profiles' }).getByRole('button', { name: 'Settings' }).click();
  const forget = page.getByRole('button', { name: 'Forget all secrets…' });
  const confirm = page.getByRole('group', { name: 'Confirm forgetting all secrets' });
  await expectConfirmationKeepsFocus(page, forget, confirm, 'Forget all secrets', 'Keep them');
});

test('OAuth Sign in keeps focus while it waits: Tab reaches Cancel sign-in, and focus returns to Sign in', async ({ authdesk }) => {
  const { page } = authdesk;
  await page.getByRole('main').getByRole('button', { name: 'Try the sandbox' }).click();
  await page.getByRole('button', { name: 'Create an OAuth sign-in (authorization code) profile' }).click();
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('tab', { name: /^Profile: / })).toHaveAttribute('aria-selected', 'true');
  const profile = page.locator('#panel-profile');

  const browserTab = page.context().waitForEvent('page');
  const signIn = profile.getByRole('button', { name: 'Sign in' });
  await press(signIn);
  const tab = await browserTab;
  await expect(profile.getByText('Waiting for you to sign in in your browser…')).toBeVisible();
  const busy = profile.getByRole('button', { name: 'Signing in…' });
  await expect(busy).toBeFocused();
  await expect(busy).toHaveAttribute('aria-disabled', 'true');
  // A second press while it waits starts nothing new.
  await page.keyboard.press('Enter');
  await expect(profile.getByText('Waiting for you to sign in in your browser…')).toHaveCount(1);
  await screenshot(page, '31-keyboard-signin-waiting');

  const cancel = profile.getByRole('button', { name: 'Cancel sign-in' });
  for (let i = 0; i < 6 && !(await cancel.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(cancel).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(profile.getByRole('alert').filter({ hasText: 'The sign-in was cancelled.' })).toBeVisible();
  await expect(signIn).toBeFocused();
  await tab.close();
});

/**
 * The New profile form focuses the OAuth 2.0 field a problem is in, as it does for the name, the base URL and a
 * missing secret: the person types the fix straight away instead of hunting for the field.
 */
test('the profile editor moves focus to the OAuth field that needs fixing', async ({ authdesk }) => {
  const { page } = authdesk;
  await page.getByRole('navigation', { name: 'Profiles' }).getByRole('button', { name: 'New profile' }).click();
  await page.getByLabel('Name', { exact: true }).fill('OAuth focus');
  await page.getByLabel('Authentication scheme').selectOption({ label: 'OAuth 2.0' });
  const save = page.getByRole('button', { name: 'Save profile' });
  const alert = page.getByRole('alert').filter({ hasText: /\S/ });

  /** Saves from the keyboard, then expects `message` and focus on `field`, and types `fix` there. */
  const expectFocusOn = async (label: string, message: string, fix: string) => {
    await press(save);
    await expect(alert).toHaveText(message);
    const field = page.getByLabel(label, { exact: true });
    await expect(field).toBeFocused();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(fix);
  };
  await expectFocusOn('Token endpoint', 'Enter the token endpoint, or the issuer and press Discover.', 'as.example/token');
  await expectFocusOn('Token endpoint', 'The token endpoint must be an absolute http:// or https:// URL.', 'https://as.example/token');
  await expectFocusOn('Client ID', 'Enter the client_id the authorization server gave your app.', 'desk-app');
  await page.getByLabel('Grant').selectOption('authorization_code');
  await expectFocusOn('Authorization endpoint', 'Enter the authorization endpoint, or the issuer and press Discover.', 'https://as.example/authorize');
  await page.getByLabel('Redirect URI (optional)').fill('127.0.0.1/callback');
  await press(save);
  await expect(alert).toHaveText('The redirect URI must be an absolute http:// or https:// URL.');
  await expect(page.getByLabel('Redirect URI (optional)')).toBeFocused();
  await screenshot(page, '36-keyboard-oauth-field-focus');
});

/**
 * Edit settings behaves as New profile does: a problem moves focus to the field to fix (name, verify target, a header
 * row), and a client that does not authenticate (client authentication "none") stays public (RFC 6749 §2.1).
 */
test('Edit settings moves focus to the field that needs fixing, and keeps a client that does not authenticate public', async ({ authdesk }) => {
  const { page } = authdesk;
  await page.getByRole('main').getByRole('button', { name: 'Try the sandbox' }).click();
  await page.getByRole('button', { name: 'Create an OAuth sign-in (authorization code) profile' }).click();
  await expect(page.getByLabel('Client authentication')).toHaveValue('none');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('tab', { name: /^Profile: / })).toHaveAttribute('aria-selected', 'true');
  const profile = page.locator('#panel-profile');
  await press(profile.getByRole('button', { name: 'Edit settings' }));
  const form = profile.getByRole('form', { name: 'Edit settings' });

  await expect(form.getByRole('radio', { name: /^Public/ })).toBeChecked();
  await expect(form.getByRole('radio', { name: /^Confidential/ })).toBeDisabled();
  await expect(form.getByRole('group', { name: 'Client type' })).toHaveAccessibleDescription(/does not authenticate .*so it is a public client \(RFC 6749 §2\.1\)/);

  const save = form.getByRole('button', { name: 'Save settings' });
  const alert = form.getByRole('alert').filter({ hasText: /\S/ });
  /** Saves from the keyboard, then expects `message` and focus on `field`, and types `fix` there. */
  const expectFocusOn = async (field: ReturnType<typeof form.getByLabel>, message: RegExp, fix: string) => {
    await press(save);
    await expect(alert).toHaveText(message);
    await expect(field).toBeFocused();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(fix);
  };
  await form.getByLabel('Verify target').fill('user');
  await expectFocusOn(form.getByLabel('Verify target'), /^The verify target is a path such as \/user/, '/bearer');
  await form.getByLabel('Name', { exact: true }).fill(' ');
  await expectFocusOn(form.getByLabel('Name', { exact: true }), /^A profile needs a name\.$/, 'Sign-in');
  await form.getByRole('button', { name: 'Add header' }).click();
  await form.getByLabel('Header 1 name').fill('X-Api-Key');
  await form.getByLabel('Header 1 value').fill('k');
  await expectFocusOn(form.getByLabel('Header 1 name'), /^Header 1: X-Api-Key carries credentials/, 'X-Trace');
  await press(save);
  await expect(form).toHaveCount(0);
  await expect(profile.getByRole('button', { name: 'Edit settings' })).toBeFocused();
});
