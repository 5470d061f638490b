/**
 * The IPC channel and event names, with no dependencies, so that the sandboxed CommonJS preload can build the
 * bridge from them without bundling the schemas. `contract.ts` gives each one its request schema and reply type.
 */
export const channelNames = [
  'keychain.status',
  'profiles.list',
  'profiles.create',
  'profiles.remove',
  'profiles.update',
  'profiles.verify',
  'secrets.replace',
  'request.send',
  'request.cancel',
  'history.list',
  'history.get',
  'metrics.get',
  'export.run',
  'sandbox.start',
  'oauth.discover',
  'oauth.signIn',
  'oauth.cancel',
  'oauth.revoke',
  'keychain.useSessionOnly',
  'secrets.forgetAll',
] as const;
export type ChannelName = (typeof channelNames)[number];

/** Events the main process pushes to the renderer. */
export const eventNames = ['export.progress', 'oauth.progress'] as const;
export type EventName = (typeof eventNames)[number];

/** The IPC channel string for a contract channel (one namespace so nothing else is reachable). */
export const ipcChannel = (name: ChannelName | EventName): string => `authdesk:${name}`;
