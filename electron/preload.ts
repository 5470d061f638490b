import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createBridge } from '../shared/bridge';

/**
 * The sandboxed preload (built to out/preload/preload.cjs): exposes `window.authdesk` with exactly `invoke` and `on`
 * for the contract's channels and events, and never `ipcRenderer` itself (Electron security checklist item 20).
 * Listeners receive only the payload, never the IpcRendererEvent (whose `sender` is ipcRenderer).
 */
const bridge = createBridge(
  (channel, payload) => ipcRenderer.invoke(channel, payload),
  (channel, listener) => {
    const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
);

contextBridge.exposeInMainWorld('authdesk', bridge);
