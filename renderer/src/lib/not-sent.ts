import type { ProfileView } from '../../../shared/contract';
import type { Explanation } from '../../../shared/explain';
import { methodSchema, type HistoryEntry, type Method } from '../../../shared/request';
import { failureLabels } from './format';
import { signsIn } from './oauth-labels';
import { repeats } from './said-once';

/**
 * What History shows for a request that was never sent because its auth stage failed (see `authStageFailed`): one
 * statement of why, the engine's message once, the explanation's advice once, and the next step. Pure, no React.
 */

/** "Getting a token failed" → "getting a token failed", "A secret …" → "a secret …"; a leading acronym ("OAuth …", "TLS …") keeps its case. */
const lowerFirst = (s: string) => (/^[A-Z](?![A-Z])/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s);

/**
 * The explanation of a not-sent entry as one statement: the title says it was not sent and why, the detail is the
 * entry's (redacted) error, and the explanation's own detail follows only when it says more than the error (the
 * preflight explanation repeats the error word for word). An entry with no explanation gets one from its failure.
 */
export function notSentExplanation(entry: Pick<HistoryEntry, 'failure' | 'error' | 'explanation'>): Explanation {
  const e = entry.explanation;
  const reason = e?.title ?? (entry.failure ? failureLabels[entry.failure] : 'getting the credentials failed');
  const message = entry.error?.trim() || null;
  const more = e?.detail.trim() || null;
  const adds = more !== null && (message === null || !repeats(message, more));
  const detail = [message, adds ? more : null].filter((p) => p !== null).join(' ') || 'Getting the credentials failed.';
  return { title: `Not sent: ${lowerFirst(reason)}`, detail, tryThis: e?.tryThis ?? [], rule: e?.rule ?? null, facts: e?.facts ?? {} };
}

/** The profile-side fix for a not-sent entry: what the button says. Opening the profile is how each is done. */
export function profileFixLabel(entry: Pick<HistoryEntry, 'failure'>, profile: ProfileView): string {
  if (entry.failure === 'secret_missing') return 'Open profile to save the secret';
  if (profile.auth.scheme === 'oauth2' && signsIn(profile.auth.grant)) return 'Open profile to sign in';
  return 'Open profile to check it';
}

/** Where "Try again" starts on the Request tab: the entry's profile, method and URL (as recorded: redacted). */
export function retrySeedOf(entry: Pick<HistoryEntry, 'method' | 'url'>, profile: ProfileView): { profileId: string; url: string; method?: Method } {
  const method = methodSchema.safeParse(entry.method);
  return { profileId: profile.id, url: entry.url, ...(method.success ? { method: method.data } : {}) };
}
