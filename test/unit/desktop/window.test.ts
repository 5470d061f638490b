import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  const created: { options: unknown; loadURL: ReturnType<typeof vi.fn> }[] = [];
  class BrowserWindow {
    loadURL = vi.fn(async () => undefined);
    once = vi.fn();
    show = vi.fn();
    constructor(public options: unknown) {
      created.push(this);
    }
  }
  return {
    created,
    BrowserWindow,
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    shell: { openExternal: vi.fn(async () => undefined) },
  };
});
vi.mock('electron', () => electron);

import type { Session, WebContents } from 'electron';
import {
  createMainWindow,
  hardenWebContents,
  lockDownSession,
  mainWindowOptions,
  registerAppProtocol,
  registerAppScheme,
} from '../../../electron/window';

type Listener = (...args: unknown[]) => void;

/** A stand-in WebContents that records its listeners and window-open handler. */
function fakeContents() {
  const listeners = new Map<string, Listener[]>();
  let openHandler: ((details: { url: string }) => { action: string }) | null = null;
  const contents = {
    on(event: string, listener: Listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return contents;
    },
    setWindowOpenHandler(handler: typeof openHandler) {
      openHandler = handler;
    },
  };
  /** Emits a navigation-like event and reports whether any listener prevented it. */
  const emit = (event: string, url: string): boolean => {
    let prevented = false;
    const details = { url, preventDefault: () => (prevented = true) };
    const registered = listeners.get(event) ?? [];
    expect(registered.length).toBeGreaterThan(0);
    for (const listener of registered) listener(details, url);
    return prevented;
  };
  const open = (url: string) => {
    if (openHandler === null) throw new Error('no window open handler');
    return openHandler({ url });
  };
  return { contents: contents as unknown as WebContents, emit, open };
}

beforeEach(() => {
  vi.clearAllMocks();
  electron.created.length = 0;
});

describe('main window options', () => {
  it('turns on every webPreferences security flag and uses the given preload', () => {
    const prefs = mainWindowOptions('/app/out/preload/preload.cjs').webPreferences ?? {};
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });

  it('creates the window with those options and loads app://authdesk unless a dev server is given', () => {
    createMainWindow({ preloadPath: '/p.cjs', devServerUrl: null });
    createMainWindow({ preloadPath: '/p.cjs', devServerUrl: 'http://127.0.0.1:5173' });
    expect(electron.created[0]?.options).toEqual(mainWindowOptions('/p.cjs'));
    expect(electron.created[0]?.loadURL).toHaveBeenCalledWith('app://authdesk/index.html');
    expect(electron.created[1]?.loadURL).toHaveBeenCalledWith('http://127.0.0.1:5173');
  });
});

describe('navigation and new windows', () => {
  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s: denies foreign origins, allows our own', (event) => {
    const { contents, emit } = fakeContents();
    hardenWebContents(contents, null);
    expect(emit(event, 'https://evil.example/phish')).toBe(true);
    expect(emit(event, 'file:///etc/passwd')).toBe(true);
    expect(emit(event, 'app://evil/index.html')).toBe(true);
    expect(emit(event, 'http://127.0.0.1:5173/')).toBe(true);
    expect(emit(event, 'app://authdesk/index.html#/history')).toBe(false);
  });

  it('allows the dev server origin only when one is configured', () => {
    const { contents, emit } = fakeContents();
    hardenWebContents(contents, 'http://127.0.0.1:5173/');
    expect(emit('will-navigate', 'http://127.0.0.1:5173/index.html')).toBe(false);
    expect(emit('will-navigate', 'http://127.0.0.1:5174/')).toBe(true);
  });

  it('refuses to attach webviews', () => {
    const { contents, emit } = fakeContents();
    hardenWebContents(contents, null);
    expect(emit('will-attach-webview', 'app://authdesk/')).toBe(true);
  });

  it('denies every window.open; only http(s) URLs go to the system browser', () => {
    const { contents, open } = fakeContents();
    hardenWebContents(contents, null);
    expect(open('https://docs.example/api')).toEqual({ action: 'deny' });
    expect(open('http://127.0.0.1:8080/')).toEqual({ action: 'deny' });
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'app://authdesk/x', 'not a url']) {
      expect(open(url)).toEqual({ action: 'deny' });
    }
    expect(electron.shell.openExternal.mock.calls).toEqual([['https://docs.example/api'], ['http://127.0.0.1:8080/']]);
  });
});

describe('session lockdown', () => {
  function fakeSession() {
    return {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      webRequest: { onHeadersReceived: vi.fn() },
    };
  }

  it('denies every permission request and check', () => {
    const session = fakeSession();
    lockDownSession(session as unknown as Session, null);
    const [requestHandler] = session.setPermissionRequestHandler.mock.calls[0] ?? [];
    const [checkHandler] = session.setPermissionCheckHandler.mock.calls[0] ?? [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      requestHandler({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(checkHandler({}, permission, 'app://authdesk', {})).toBe(false);
    }
    expect(session.webRequest.onHeadersReceived).not.toHaveBeenCalled();
  });

  it('adds a CSP header to dev server responses only', () => {
    const session = fakeSession();
    lockDownSession(session as unknown as Session, 'http://127.0.0.1:5173');
    const [onHeaders] = session.webRequest.onHeadersReceived.mock.calls[0] ?? [];
    const devCallback = vi.fn();
    onHeaders({ url: 'http://127.0.0.1:5173/src/main.tsx', responseHeaders: { a: ['1'] } }, devCallback);
    const headers = devCallback.mock.calls[0]?.[0].responseHeaders;
    expect(headers.a).toEqual(['1']);
    expect(headers['Content-Security-Policy'][0]).toContain("object-src 'none'");
    expect(headers['Content-Security-Policy'][0]).toContain('ws://127.0.0.1:5173');
    const otherCallback = vi.fn();
    onHeaders({ url: 'https://api.example/', responseHeaders: {} }, otherCallback);
    expect(otherCallback).toHaveBeenCalledWith({});
  });
});

describe('app:// protocol registration', () => {
  it('registers app as a standard secure scheme and handles it', () => {
    registerAppScheme();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    registerAppProtocol('/app/out/renderer');
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });
});
