import { app, dialog, ipcMain, shell, type BrowserWindow, type IpcMainInvokeEvent, type SaveDialogOptions } from 'electron';
import { join } from 'node:path';
import { channelNames, ipcChannel } from '../shared/channels';
import type { Result } from '../shared/contract';
import type { DispatchHost } from './engine/dispatch';
import { isTrustedUrl } from './origin';
import { isExternalWebUrl } from './window';

/**
 * Wires the contract's channels to the engine's dispatcher over ipcMain (DESIGN.md "The one contract"): each
 * channel first checks the sender frame (Electron security checklist item 17), then hands the raw payload to the
 * dispatcher, which parses it with the channel's schema.
 */

/** The engine's dispatcher: parses `payload` for `channel` and runs the service; failures are `Result` values. */
export type Dispatch = (channel: string, payload: unknown) => Promise<Result<unknown>>;

/** What the engine may ask of the desktop shell: the dispatcher's host (save dialog, events, system browser). */
export type Host = DispatchHost;

const REFUSED: Result<never> = {
  ok: false,
  error: { code: 'invalid_request', message: 'Request refused: it did not come from the Authdesk window.' },
};

const FAILED: Result<never> = {
  ok: false,
  error: { code: 'failed', message: 'Authdesk hit an internal error while handling this request.' },
};

/**
 * True only when the invoke came from the main window's top frame while that frame shows the app's own origin
 * (`app://authdesk`, or the dev server in dev). Refuses subframes, other web contents, destroyed windows, and a
 * frame that has navigated elsewhere (checklist item 17).
 */
export function isTrustedSender(
  event: IpcMainInvokeEvent,
  window: BrowserWindow | null,
  devServerUrl: string | null,
): boolean {
  const frame = event.senderFrame;
  if (window === null || window.isDestroyed() || frame === null) return false;
  const top = window.webContents.mainFrame;
  const isTopFrame =
    event.sender === window.webContents &&
    frame.processId === top.processId &&
    frame.routingId === top.routingId;
  return isTopFrame && isTrustedUrl(frame.url, devServerUrl);
}

/**
 * Registers one `ipcMain.handle` per contract channel (`authdesk:<name>`). A refused sender gets an
 * `invalid_request` Result; a dispatcher that throws (a bug: it should return a Result) gets a generic `failed`
 * Result, and only the error's class name is logged, since its message might hold a secret (DESIGN.md "Secret
 * hygiene" 2).
 */
export function registerIpc(dispatch: Dispatch, opts: { getWindow(): BrowserWindow | null; devServerUrl: string | null }): void {
  for (const name of channelNames) {
    ipcMain.handle(ipcChannel(name), async (event, payload: unknown) => {
      if (!isTrustedSender(event, opts.getWindow(), opts.devServerUrl)) return REFUSED;
      try {
        return await dispatch(name, payload);
      } catch (error) {
        console.error(`authdesk: ${name} threw ${error instanceof Error ? error.name : typeof error}`);
        return FAILED;
      }
    });
  }
}

/** The suggested export file name for a local calendar date, e.g. `authdesk-2026-11-30.har`. */
export function defaultExportFileName(format: 'har' | 'jsonl', date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `authdesk-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}.${format}`;
}

/**
 * The {@link Host} backed by the main window: a native save dialog (in the Downloads folder, with the dated default
 * name) and `webContents.send` on the event's namespaced channel.
 */
export function createHost(getWindow: () => BrowserWindow | null): Host {
  const liveWindow = (): BrowserWindow | null => {
    const window = getWindow();
    return window !== null && !window.isDestroyed() ? window : null;
  };
  return {
    async chooseExportPath(format) {
      const options: SaveDialogOptions = {
        title: 'Export request log',
        defaultPath: join(app.getPath('downloads'), defaultExportFileName(format, new Date())),
        filters: [{ name: format === 'har' ? 'HTTP Archive' : 'JSON Lines', extensions: [format] }],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const window = liveWindow();
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    emit(event, payload) {
      liveWindow()?.webContents.send(ipcChannel(event), payload);
    },
    async openExternal(url) {
      // RFC 8252 §5: the system browser, never an embedded view; only http(s) (Electron checklist item 15).
      if (!isExternalWebUrl(url)) throw new Error('Only http(s) URLs are opened in the browser.');
      await shell.openExternal(url);
    },
  };
}
