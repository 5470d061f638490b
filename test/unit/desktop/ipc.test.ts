import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>(),
  ipcMain: { handle: vi.fn() },
  dialog: { showSaveDialog: vi.fn() },
  app: { getPath: vi.fn(() => '/home/dev/Downloads') },
}));
electron.ipcMain.handle.mockImplementation((channel: string, handler: (e: unknown, p: unknown) => Promise<unknown>) => {
  electron.handlers.set(channel, handler);
});
vi.mock('electron', () => ({ ipcMain: electron.ipcMain, dialog: electron.dialog, app: electron.app }));

import type { BrowserWindow } from 'electron';
import { createHost, defaultExportFileName, registerIpc, type Dispatch } from '../../../electron/ipc';
import { channelNames } from '../../../shared/channels';

interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
  processId: number;
  routingId: number;
}

function fakeWindow(url = 'app://authdesk/index.html') {
  const mainFrame: FakeFrame = { url, parent: null, processId: 4, routingId: 1 };
  const webContents = { mainFrame, send: vi.fn() };
  let destroyed = false;
  const window = { webContents, isDestroyed: () => destroyed, destroy: () => (destroyed = true) };
  return { window, asWindow: window as unknown as BrowserWindow, mainFrame };
}

const ok = { ok: true, value: { profiles: [] } } as const;
let dispatch: ReturnType<typeof vi.fn<Dispatch>>;
let current: ReturnType<typeof fakeWindow>;

function register(devServerUrl: string | null = null): void {
  registerIpc(dispatch, { getWindow: () => current.asWindow, devServerUrl });
}

async function invoke(channel: string, event: { sender: unknown; senderFrame: FakeFrame | null }, payload: unknown) {
  const handler = electron.handlers.get(`authdesk:${channel}`);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler(event, payload);
}

beforeEach(() => {
  vi.clearAllMocks();
  electron.handlers.clear();
  dispatch = vi.fn<Dispatch>(async () => ok);
  current = fakeWindow();
});

describe('registerIpc', () => {
  it('registers exactly one namespaced handler per contract channel', () => {
    register();
    expect([...electron.handlers.keys()].sort()).toEqual(channelNames.map((n) => `authdesk:${n}`).sort());
  });

  it('passes a request from our top frame to the dispatcher and returns its Result', async () => {
    register();
    const payload = { limit: 5 };
    const reply = await invoke('history.list', { sender: current.window.webContents, senderFrame: current.mainFrame }, payload);
    expect(dispatch).toHaveBeenCalledWith('history.list', payload);
    expect(reply).toBe(ok);
  });

  const refusals: [string, () => { sender: unknown; senderFrame: FakeFrame | null }][] = [
    ['a subframe', () => ({
      sender: current.window.webContents,
      senderFrame: { url: 'app://authdesk/index.html', parent: current.mainFrame, processId: 4, routingId: 2 },
    })],
    ['another frame with a trusted URL', () => ({
      sender: current.window.webContents,
      senderFrame: { url: 'app://authdesk/index.html', parent: null, processId: 9, routingId: 1 },
    })],
    ['another web contents', () => ({ sender: { other: true }, senderFrame: current.mainFrame })],
    ['a destroyed frame', () => ({ sender: current.window.webContents, senderFrame: null })],
  ];

  it.each(refusals)('refuses %s without calling the dispatcher', async (_name, makeEvent) => {
    register();
    const reply = await invoke('profiles.list', makeEvent(), {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('refuses our top frame once it shows a foreign origin', async () => {
    register();
    for (const url of ['https://evil.example/', 'file:///tmp/x.html', 'app://evil/index.html', 'http://127.0.0.1:5173/']) {
      current.mainFrame.url = url;
      const reply = await invoke('profiles.list', { sender: current.window.webContents, senderFrame: current.mainFrame }, {});
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    }
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('accepts the dev server origin only when configured', async () => {
    current = fakeWindow('http://127.0.0.1:5173/');
    register('http://127.0.0.1:5173');
    await invoke('metrics.get', { sender: current.window.webContents, senderFrame: current.mainFrame }, {});
    expect(dispatch).toHaveBeenCalledWith('metrics.get', {});
  });

  it('refuses when the window is destroyed', async () => {
    register();
    current.window.destroy();
    const reply = await invoke('profiles.list', { sender: current.window.webContents, senderFrame: current.mainFrame }, {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('turns a throwing dispatcher into a failed Result without leaking the message', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    dispatch.mockRejectedValueOnce(new Error('token sk_live_abc123 rejected'));
    register();
    const reply = await invoke('request.send', { sender: current.window.webContents, senderFrame: current.mainFrame }, {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'failed' } });
    expect(JSON.stringify(reply)).not.toContain('sk_live_abc123');
    expect(JSON.stringify(log.mock.calls)).not.toContain('sk_live_abc123');
    log.mockRestore();
  });
});

describe('createHost', () => {
  it('emits events on the namespaced channel to a live window only', () => {
    const host = createHost(() => current.asWindow);
    host.emit('export.progress', { written: 3, total: 10 });
    expect(current.window.webContents.send).toHaveBeenCalledWith('authdesk:export.progress', { written: 3, total: 10 });
    current.window.destroy();
    host.emit('export.progress', { written: 4, total: 10 });
    expect(current.window.webContents.send).toHaveBeenCalledTimes(1);
  });

  it('asks for an export path with a dated default name and maps cancel to null', async () => {
    const host = createHost(() => current.asWindow);
    electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: '/tmp/log.har' });
    await expect(host.chooseExportPath('har')).resolves.toBe('/tmp/log.har');
    const [window, options] = electron.dialog.showSaveDialog.mock.calls[0] ?? [];
    expect(window).toBe(current.window);
    expect(options.defaultPath).toMatch(/^\/home\/dev\/Downloads\/authdesk-\d{4}-\d{2}-\d{2}\.har$/);
    expect(options.filters).toEqual([{ name: 'HTTP Archive', extensions: ['har'] }]);
    electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    await expect(host.chooseExportPath('jsonl')).resolves.toBeNull();
  });

  it('names exports by the local calendar date', () => {
    expect(defaultExportFileName('har', new Date(2026, 10, 30, 23, 59))).toBe('authdesk-2026-11-30.har');
    expect(defaultExportFileName('jsonl', new Date(2027, 0, 2))).toBe('authdesk-2027-01-02.jsonl');
  });
});
