import { AuthResolver } from '../electron/engine/auth-resolver';
import { Engine } from '../electron/engine/engine';
import { HistoryStore } from '../electron/engine/history-store';
import { ProfileStore } from '../electron/engine/profile-store';
import { RedactorCache } from '../electron/engine/redaction';
import { Sender } from '../electron/engine/sender';
import { Vault } from '../electron/engine/vault';
import type { HotSpot } from './report';

type AnyFn = (...args: unknown[]) => unknown;

/**
 * Timing sections for `Engine.send` without touching the engine: wraps methods of the engine's collaborators (on
 * their prototypes, in this worker process only) and adds up the wall time spent in each. Nested sections are
 * included in their parent (Vault.resolve is inside AuthResolver.resolve). "rest of Engine.send" is what is left:
 * request validation, the failure explanation, redactEntry and object building.
 */
export function instrumentEngine(): () => HotSpot[] {
  const totals = new Map<string, number>();
  const labels: string[] = [];
  const wrap = (proto: object, method: string, label: string) => {
    labels.push(label);
    const target = proto as Record<string, AnyFn>;
    const original = target[method]!;
    target[method] = function (this: unknown, ...args: unknown[]) {
      const t = performance.now();
      const add = () => totals.set(label, (totals.get(label) ?? 0) + performance.now() - t);
      const out = original.apply(this, args);
      if (out instanceof Promise) return out.finally(add);
      add();
      return out;
    };
  };
  wrap(Engine.prototype, 'send', 'Engine.send (total)');
  wrap(ProfileStore.prototype, 'find', 'ProfileStore.find (stat; read + zod-parse only a changed file)');
  wrap(AuthResolver.prototype, 'resolve', 'AuthResolver.resolve (secrets, token, applyAuth, fingerprints)');
  wrap(Vault.prototype, 'resolve', '  of which Vault.resolve (keychain read over D-Bus)');
  wrap(Vault.prototype, 'fingerprint', '  of which Vault.fingerprint (HMAC)');
  wrap(Sender.prototype, 'send', 'Sender.send (axios, wire, body)');
  wrap(HistoryStore.prototype, 'insert', 'HistoryStore.insert (JSON + INSERT, group commit)');
  wrap(HistoryStore.prototype, 'addEvent', 'HistoryStore.addEvent (onboarding events, until the first success)');
  wrap(HistoryStore.prototype, 'hasEvent', 'HistoryStore.hasEvent (until the first success is seen)');
  wrap(RedactorCache.prototype, 'for', 'RedactorCache.for (builds a redactor when a secret is new)');
  return () => {
    const total = totals.get('Engine.send (total)') ?? 0;
    const top = labels.filter((k) => !k.startsWith('  ') && k !== 'Engine.send (total)').reduce((a, k) => a + (totals.get(k) ?? 0), 0);
    const rows: [string, number][] = [
      ...labels.map((k): [string, number] => [k.replace(/^ {2}/, '↳ '), totals.get(k) ?? 0]),
      ['rest of Engine.send (zod parse, explainFailure, redactEntry, objects)', Math.max(0, total - top)],
    ];
    return rows.map(([where, ms]) => ({ where, selfMs: ms, selfPct: total ? (100 * ms) / total : 0 }));
  };
}
