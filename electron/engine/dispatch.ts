import type { ChannelName, EventName } from '../../shared/channels';
import { requestSchemas, type Events, type ParsedRequestOf, type Replies, type Result } from '../../shared/contract';
import type { Engine, FlowHost } from './engine';
import { isAuthdeskError } from './errors';

/** What the desktop shell (or the e2e harness) provides to the dispatcher. */
export interface DispatchHost {
  /** Asks the user where to save an export; null when they cancel. */
  chooseExportPath(format: 'har' | 'jsonl'): Promise<string | null>;
  emit<E extends EventName>(event: E, payload: Events[E]): void;
  /** Opens the system browser on an http(s) URL for an OAuth sign-in (RFC 8252 §5: never an embedded view). */
  openExternal(url: string): Promise<void>;
}

/** The interactive-flow host of one profile: the system browser, progress pushed as `oauth.progress` events. */
const flowHost = (host: DispatchHost, profileId: string): FlowHost => ({
  openBrowser: (url) => host.openExternal(url),
  onProgress: (step) => host.emit('oauth.progress', { profileId, ...step }),
});

type Handlers = { [C in ChannelName]: (req: ParsedRequestOf<C>) => Promise<Replies[C]> | Replies[C] };

function handlers(engine: Engine, host: DispatchHost): Handlers {
  return {
    'keychain.status': () => engine.keychainStatus(),
    'profiles.list': async () => (await engine.listProfiles()).profiles,
    'profiles.create': (r) => engine.createProfile(r),
    'profiles.remove': (r) => engine.removeProfile(r.id),
    'profiles.update': ({ id, ...patch }) => engine.updateProfile(id, patch),
    'profiles.verify': async (r) => engine.verifyProfile(r.id, flowHost(host, (await engine.getProfile(r.id)).id)),
    'secrets.replace': (r) => engine.replaceSecrets(r.profileId, r.secrets),
    'request.send': (r) => engine.send(r, r.profileId ? flowHost(host, r.profileId) : undefined),
    'request.cancel': (r) => ({ cancelled: engine.cancel(r.requestId) }),
    'history.list': (r) => engine.listHistory(r),
    'history.get': (r) => engine.getHistory(r.id),
    'metrics.get': () => engine.metrics(),
    'export.run': async (r) => {
      const out = await host.chooseExportPath(r.format);
      if (!out) return { path: null, entries: 0, bytes: 0, cancelled: true };
      return engine.exportLog({ format: r.format, out, profile: r.profileId, onProgress: (written, total) => host.emit('export.progress', { written, total }) });
    },
    'sandbox.start': () => engine.startSandbox(),
    'oauth.discover': (r) => engine.discover(r.issuer),
    'oauth.signIn': async (r) => engine.token(r.profileId, flowHost(host, (await engine.getProfile(r.profileId)).id)),
    'oauth.cancel': async (r) => ({ cancelled: engine.cancelFlow((await engine.getProfile(r.profileId)).id) }),
    'oauth.revoke': async (r) => ({ notes: await engine.revoke(r.profileId) }),
    'keychain.useSessionOnly': () => engine.useSessionOnlySecrets(),
    'secrets.forgetAll': () => engine.forgetAllSecrets(),
  };
}

/**
 * The IPC dispatcher shared by `electron/ipc.ts` and the e2e bridge harness: parses the payload with the channel's
 * schema (a bad payload is a clean `invalid_request`, never a crash), calls the service, and wraps the reply in a
 * {@link Result}. Never throws and never puts a stack or an unexpected error's text in a reply: unexpected errors
 * are reported as a generic failure (their detail may hold data the user did not mean to show).
 */
export function createDispatcher(engine: Engine, host: DispatchHost): (channel: string, payload: unknown) => Promise<Result<unknown>> {
  const table = handlers(engine, host) as Record<string, (req: unknown) => unknown>;
  return async (channel, payload) => {
    const schema = (requestSchemas as Record<string, (typeof requestSchemas)[ChannelName]>)[channel];
    const handler = Object.hasOwn(table, channel) ? table[channel] : undefined;
    if (!schema || !handler) return { ok: false, error: { code: 'invalid_request', message: `Unknown channel "${String(channel).slice(0, 60)}".` } };
    const parsed = schema.safeParse(payload ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ok: false, error: { code: 'invalid_request', message: `Invalid ${channel} request: ${issue ? `${issue.path.join('.') || 'payload'}: ${issue.message}` : 'malformed'}.` } };
    }
    try {
      return { ok: true, value: await handler(parsed.data) };
    } catch (e) {
      if (isAuthdeskError(e)) return { ok: false, error: { code: e.code, message: e.message } };
      console.error(`authdesk: ${channel} failed: ${e instanceof Error ? e.name : typeof e}`);
      return { ok: false, error: { code: 'failed', message: 'Something went wrong in Authdesk. Your data is unchanged; try again.' } };
    }
  };
}
