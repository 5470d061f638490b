import { channelNames, eventNames, ipcChannel, type ChannelName, type EventName } from './channels';
import type { Bridge, Events, Replies, RequestOf, Result } from './contract';

/**
 * Builds the `window.authdesk` bridge on top of a raw transport, so the Electron preload and the end-to-end harness
 * (Playwright `exposeBinding`) expose exactly the same surface (DESIGN.md "The one contract"; Electron security
 * checklist item 20: never expose `ipcRenderer` or raw Electron APIs).
 *
 * Imports only `./channels` at runtime (the contract types are erased), so the sandboxed CommonJS preload does not
 * bundle zod.
 */

/** Sends `payload` on the namespaced IPC channel string (`authdesk:<name>`) and resolves with the raw reply. */
export type InvokeRaw = (channel: string, payload: unknown) => Promise<unknown>;

/**
 * Subscribes `listener` to the namespaced event channel string (`authdesk:<event>`); the listener receives only the
 * payload (never the transport's event object). Returns a function that removes exactly that subscription.
 */
export type SubscribeRaw = (channel: string, listener: (payload: unknown) => void) => () => void;

const isChannelName = (name: unknown): name is ChannelName =>
  typeof name === 'string' && (channelNames as readonly string[]).includes(name);

const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && (eventNames as readonly string[]).includes(name);

/**
 * Creates the bridge: a frozen object with exactly `invoke` and `on`.
 *
 * - `invoke(channel, request)` rejects with an Error (and never touches the transport) when `channel` is not one of
 *   `channelNames`; otherwise it forwards to `invokeRaw(ipcChannel(channel), request)`. The reply is passed through
 *   as the main process's `Result` envelope; request validation is the main process's job.
 * - `on(event, listener)` throws when `event` is not one of `eventNames`; otherwise it subscribes through
 *   `subscribeRaw(ipcChannel(event), …)` and returns the unsubscribe function.
 */
export function createBridge(invokeRaw: InvokeRaw, subscribeRaw: SubscribeRaw): Bridge {
  const bridge: Bridge = {
    invoke<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<Result<Replies[C]>> {
      if (!isChannelName(channel)) {
        return Promise.reject(new Error(`Unknown Authdesk channel: ${String(channel)}`));
      }
      return invokeRaw(ipcChannel(channel), request) as Promise<Result<Replies[C]>>;
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
      if (!isEventName(event)) {
        throw new Error(`Unknown Authdesk event: ${String(event)}`);
      }
      return subscribeRaw(ipcChannel(event), (payload) => listener(payload as Events[E]));
    },
  };
  return Object.freeze(bridge);
}
