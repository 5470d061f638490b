import { createServer, type Server, type Socket } from 'node:net';
import type { Locator } from '@playwright/test';
import { expect, screenshot, test } from './harness';
import { createSandboxBasicProfile } from './sandbox-basic';
import { lateServer } from './late-server';

/** A server on 127.0.0.1 that accepts connections and never answers: every send to it times out. */
async function silentServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the silent server has no port');
  return {
    url: `http://127.0.0.1:${address.port}/slow`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let silent: Awaited<ReturnType<typeof silentServer>>;
test.beforeEach(async () => {
  silent = await silentServer();
});
test.afterEach(async () => {
  await silent.close();
});

/**
 * The advice "raise the timeout" leads somewhere: the Request form has a Timeout (seconds, default 30), refused in
 * plain words with focus on it when out of the contract's bounds, and sent as timeoutMs: a 1 s timeout against a
 * server that never answers fails as timed out after about a second, "within 1 s".
 */
test('the Timeout field bounds a send: 1 s against a silent server times out within about a second', async ({ authdesk }) => {
  const { page } = authdesk;
  await createSandboxBasicProfile(page, 'Timeout');
  const pane = page.locator('#panel-request');
  const timeout = pane.getByLabel('Timeout in seconds');
  await expect(timeout).toHaveValue('30');
  await pane.getByLabel('Auth profile').selectOption({ label: 'No auth' });
  await pane.getByLabel('URL', { exact: true }).fill(silent.url);

  await timeout.fill('601');
  await pane.getByRole('button', { name: 'Send' }).click();
  await expect(pane.getByRole('alert').filter({ hasText: /\S/ })).toHaveText('The timeout is a number of seconds from 0.1 to 600.');
  await expect(timeout).toBeFocused();
  expect(authdesk.received.filter((r) => r.channel === 'request.send')).toHaveLength(0);

  await timeout.fill('1');
  const started = Date.now();
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(pane.locator('.status-line .status-pill')).toHaveText('timed out', { timeout: 10_000 });
  const elapsed = Date.now() - started;
  expect(elapsed).toBeGreaterThanOrEqual(900);
  expect(elapsed).toBeLessThan(4_000);
  await expect(pane.getByRole('article', { name: 'Response' })).toContainText(/No answer from 127\.0\.0\.1:\d+ within 1 s\./);
  await screenshot(page, '50-request-timeout-1s');
});

/**
 * A new attempt that the form refuses (an ftp:// or empty URL) shows its message alone: the previous send's timed-out
 * result goes away with it instead of standing under the message as if it were this attempt's outcome.
 */
test('a refused attempt after a timed-out send does not leave the old result under its message', async ({ authdesk }) => {
  const { page } = authdesk;
  await createSandboxBasicProfile(page, 'Stale timeout');
  const pane = page.locator('#panel-request');
  await pane.getByLabel('Auth profile').selectOption({ label: 'No auth' });
  const url = pane.getByLabel('URL', { exact: true });
  await url.fill(silent.url);
  await pane.getByLabel('Timeout in seconds').fill('0.5');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(pane.locator('.status-line .status-pill')).toHaveText('timed out');

  const alert = pane.getByRole('alert').filter({ hasText: /\S/ });
  for (const bad of ['ftp://files.example.test/x', '']) {
    await url.fill(bad);
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(alert).toHaveText('Enter an absolute URL that starts with http:// or https://.');
    await expect(url).toBeFocused();
    await expect(pane.getByRole('article')).toHaveCount(0);
    await expect(pane.locator('.status-line')).toHaveCount(0);
  }
  await screenshot(page, '51-request-refused-after-timeout');
});

/** How many times `text` occurs in what `area` shows (its rendered text, hidden parts excluded). */
async function occurrences(area: Locator, text: string): Promise<number> {
  return (await area.innerText()).split(text).length - 1;
}

/**
 * A timed-out send says why once on the Request tab, as History does: the explanation holds the message and its
 * advice, and the status line keeps the status ("timed out") without repeating the sentence above it.
 */
test('a timed-out send states its message once, with the advice, in Request and in History', async ({ authdesk }) => {
  const { page } = authdesk;
  await createSandboxBasicProfile(page, 'Said once');
  const pane = page.locator('#panel-request');
  await pane.getByLabel('Auth profile').selectOption({ label: 'No auth' });
  await pane.getByLabel('URL', { exact: true }).fill(silent.url);
  await pane.getByLabel('Timeout in seconds').fill('0.5');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(pane.locator('.status-line .status-pill')).toHaveText('timed out');

  const message = 'No answer from 127.0.0.1:';
  const why = pane.getByRole('region', { name: 'The server did not answer in time' });
  await expect(why).toContainText(/No answer from 127\.0\.0\.1:\d+ within 500 ms\. Check that the host is up and reachable, or raise the timeout\./);
  expect(await occurrences(pane, message)).toBe(1);
  expect(await occurrences(pane, 'Raise the timeout if this endpoint is known to be slow.')).toBe(1);
  await screenshot(page, '52-request-timeout-said-once');

  await page.getByRole('tab', { name: 'History' }).click();
  const history = page.locator('#panel-history');
  await history.locator('.history-row').first().click();
  await expect(history.getByRole('region', { name: 'The server did not answer in time' })).toBeVisible();
  expect(await occurrences(history.locator('.history-detail'), message)).toBe(1);
});

/**
 * A decimal comma is a decimal mark, not a character to drop: "1,5" waits 1.5 s (a server answering after 600 ms
 * succeeds) and "0,5" waits 500 ms (the same server times out), where the number input had read them as 15 s and 5 s
 * without a word. What was typed stays in the field, and the arrow keys still step it by a second.
 */
test('a comma in the Timeout is the decimal mark: 1,5 waits 1.5 s and 0,5 times out within 500 ms', async ({ authdesk }) => {
  const { page } = authdesk;
  const late = await lateServer(600);
  try {
    await createSandboxBasicProfile(page, 'Comma');
    const pane = page.locator('#panel-request');
    const timeout = pane.getByLabel('Timeout in seconds');
    await pane.getByLabel('Auth profile').selectOption({ label: 'No auth' });
    await pane.getByLabel('URL', { exact: true }).fill(late.url);

    await timeout.fill('');
    await timeout.pressSequentially('1,5');
    await expect(timeout).toHaveValue('1,5');
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(pane.locator('.status-line .status-pill')).toHaveText(/^200\b/, { timeout: 10_000 });
    await expect(timeout).toHaveValue('1,5');

    await timeout.fill('');
    await timeout.pressSequentially('0,5');
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(pane.locator('.status-line .status-pill')).toHaveText('timed out', { timeout: 10_000 });
    await expect(pane.getByRole('article', { name: 'Response' })).toContainText(/No answer from 127\.0\.0\.1:\d+ within 500 ms\./);
    await expect(timeout).toHaveValue('0,5');
    await screenshot(page, '56-request-timeout-comma');

    await timeout.press('ArrowUp');
    await expect(timeout).toHaveValue('1,5');
    await timeout.press('ArrowDown');
    await timeout.press('ArrowDown');
    await expect(timeout).toHaveValue('0,1');
  } finally {
    await late.close();
  }
});
