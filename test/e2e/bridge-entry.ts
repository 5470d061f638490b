import { createBridge } from '../../shared/bridge';

/**
 * Runs in the page before the renderer (bundled into the harness's init script): builds `window.authdesk` with the
 * very bridge the preload uses, on top of Playwright bindings instead of Electron IPC.
 */

type Listener = (payload: unknown) => void;

declare global {
  interface Window {
    /** Exposed by the harness with page.exposeBinding: forwards to the engine's dispatcher. */
    __authdeskInvoke(channel: string, payload: unknown): Promise<unknown>;
    /** Called by the harness (page.evaluate) to deliver an event pushed by the engine. */
    __authdeskDeliver(channel: string, payload: unknown): void;
  }
}

const listeners = new Map<string, Set<Listener>>();

window.__authdeskDeliver = (channel, payload) => {
  for (const listener of listeners.get(channel) ?? []) listener(payload);
};

window.authdesk = createBridge(
  (channel, payload) => window.__authdeskInvoke(channel, payload),
  (channel, listener) => {
    const set = listeners.get(channel) ?? new Set<Listener>();
    listeners.set(channel, set);
    const own: Listener = (payload) => listener(payload);
    set.add(own);
    return () => set.delete(own);
  },
);
