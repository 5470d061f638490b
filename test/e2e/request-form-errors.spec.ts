import { expect, screenshot, test } from './harness';
import { createSandboxBasicProfile } from './sandbox-basic';

/**
 * The Request form refuses what the engine cannot send in words that name the field, moves focus to it and keeps what
 * was typed; the engine's schema wording ("Invalid request.send request: headers.0.0: …", "Too big: expected
 * string…") never reaches the person. Once fixed, the same request is sent.
 */
test('a bad header or an over-long URL is named, focused and kept; nothing is sent', async ({ authdesk }) => {
  const { page } = authdesk;
  const sandbox = await createSandboxBasicProfile(page, 'Form errors');
  const pane = page.locator('#panel-request');
  const alert = pane.getByRole('alert');
  const url = page.getByLabel('URL', { exact: true });
  const sendsBefore = () => authdesk.received.filter((r) => r.channel === 'request.send').length;

  await pane.getByRole('button', { name: 'Add header' }).click();
  await pane.getByRole('button', { name: 'Add header' }).click();
  await page.getByLabel('Header 1 name').fill('Accept');
  await page.getByLabel('Header 1 value').fill('application/json');
  await page.getByLabel('Header 2 name').fill('X Trace');
  await page.getByLabel('Header 2 value').fill('abc');
  await url.focus();
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(alert).toHaveText(/^Header 2 name: a header name is letters, digits and .* \(RFC 9110 §5\.1\)\.$/);
  await expect(page.getByLabel('Header 2 name')).toBeFocused();
  await expect(page.getByLabel('Header 2 name')).toHaveValue('X Trace');
  await screenshot(page, '32-request-header-error');

  await page.getByLabel('Header 2 name').fill('X-Trace');
  await page.getByLabel('Header 2 value').fill('café ☕');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(alert).toHaveText(/^Header 2 value: a header value holds no line breaks/);
  await expect(page.getByLabel('Header 2 value')).toBeFocused();

  await page.getByLabel('Header 2 value').fill('abc');
  const long = `${sandbox.baseUrl}/basic?q=${'a'.repeat(9000)}`;
  await url.fill(long);
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(alert).toHaveText(`The URL is ${long.length.toLocaleString('en')} characters long; Authdesk sends URLs of up to 8,000.`);
  await expect(url).toBeFocused();
  await expect(url).toHaveValue(long);
  expect(sendsBefore()).toBe(0);
  expect(authdesk.receivedText()).not.toContain('Invalid request.send request');

  await url.fill(`${sandbox.baseUrl}/basic`);
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(pane.locator('.status-line .status-pill')).toHaveText(/^200\b/);
  await expect(pane.getByRole('alert').filter({ hasText: /\S/ })).toHaveCount(0);
});

/**
 * A send refused by the engine (the profile is bound to another origin) shows its error alone: the previous 200 and
 * its "First successful call" banner go away with the new send instead of standing under the error as its result.
 */
test('a refused send does not leave the previous answer under its error', async ({ authdesk }) => {
  const { page } = authdesk;
  await createSandboxBasicProfile(page, 'Stale answer');
  const pane = page.locator('#panel-request');
  await pane.getByRole('button', { name: 'Send' }).click();
  await expect(pane.locator('.status-line .status-pill')).toHaveText(/^200\b/);
  await expect(pane.getByText(/^First successful call in/)).toBeVisible();

  await page.getByLabel('URL', { exact: true }).fill('http://127.0.0.1:1/elsewhere');
  await pane.getByRole('button', { name: 'Send' }).click();
  await expect(pane.getByRole('alert')).toContainText('Authdesk will not send its credentials to http://127.0.0.1:1');
  await expect(pane.locator('.status-line')).toHaveCount(0);
  await expect(pane.getByText(/^First successful call in/)).toHaveCount(0);
  await screenshot(page, '33-request-refused-alone');
});

/** The New profile form focuses its own field that needs fixing (the name, the base URL), not only the alert. */
test('the profile editor moves focus to a missing name or a bad base URL', async ({ authdesk }) => {
  const { page } = authdesk;
  await page.getByRole('navigation', { name: 'Profiles' }).getByRole('button', { name: 'New profile' }).click();
  await page.getByLabel('Authentication scheme').selectOption({ label: 'Bearer' });
  await page.getByLabel('Token', { exact: true }).fill('editor-focus-token');
  const base = page.getByLabel('Base URL (optional)', { exact: true });
  await base.fill('api.example.test');
  const save = page.getByRole('button', { name: 'Save profile' });
  await save.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveText('Give the profile a name.');
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused();
  await page.keyboard.type('Focus');
  await save.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveText('The base URL must be an absolute URL that starts with http:// or https://.');
  await expect(base).toBeFocused();
  await expect(base).toHaveValue('api.example.test');
});

/**
 * A profile name stops at the contract's 80 characters as it is typed, and a name the contract refuses (a slash) is
 * said in plain words with focus on Name, as for a missing name: never the engine's "Invalid profiles.create
 * request: name: …" with focus left on Save.
 */
test('the profile editor keeps a name within 80 characters and names a refused one at the Name field', async ({ authdesk }) => {
  const { page } = authdesk;
  await page.getByRole('navigation', { name: 'Profiles' }).getByRole('button', { name: 'New profile' }).click();
  const name = page.getByLabel('Name', { exact: true });
  await expect(name).toHaveAttribute('maxlength', '80');
  await name.focus();
  await page.keyboard.insertText('n'.repeat(100));
  await expect(name).toHaveValue('n'.repeat(80));
  await page.getByLabel('Authentication scheme').selectOption({ label: 'Bearer' });
  await page.getByLabel('Token', { exact: true }).fill('name-limit-token');

  await name.fill('Team/Prod');
  const save = page.getByRole('button', { name: 'Save profile' });
  await save.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveText('A profile name has no control characters and no / or \\.');
  await expect(name).toBeFocused();
  expect(authdesk.receivedText()).not.toContain('Invalid profiles.create request');
  await screenshot(page, '55-editor-name-refused');

  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('Team prod');
  await save.click();
  await expect(page.getByRole('tab', { name: 'Profile: Team prod' })).toBeVisible();
  expect(authdesk.receivedText()).not.toContain('name-limit-token');
});

/**
 * A name another profile has (spaces around it aside, as the engine trims them) is refused at the Name field, focus
 * there as for the other name problems, not left on Save under the engine's message.
 */
test('the profile editor refuses a taken name at the Name field', async ({ authdesk }) => {
  const { page } = authdesk;
  const newProfile = page.getByRole('navigation', { name: 'Profiles' }).getByRole('button', { name: 'New profile' });
  const name = page.getByLabel('Name', { exact: true });
  const save = page.getByRole('button', { name: 'Save profile' });
  for (const typed of ['T', ' T ']) {
    await newProfile.click();
    await name.fill(typed);
    await page.getByLabel('Authentication scheme').selectOption({ label: 'Bearer' });
    await page.getByLabel('Token', { exact: true }).fill('taken-name-token');
    await save.focus();
    await page.keyboard.press('Enter');
    if (typed === 'T') await expect(page.getByRole('tab', { name: 'Profile: T' })).toBeVisible();
  }
  await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveText(/^A profile named "T" already exists\./);
  await expect(name).toBeFocused();
  await expect(name).toHaveValue(' T ');
  await screenshot(page, '57-editor-name-taken');
  expect(authdesk.receivedText()).not.toContain('taken-name-token');
});
