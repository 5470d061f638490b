import type { AppliedAuth } from '../../shared/auth-apply';
import { createRedactor, type Redactor, type RedactorOptions } from '../../shared/redact';
import type { HistoryEntry } from '../../shared/request';

/**
 * Keeps every secret value this process has used (stored, derived) and hands out redactors that know all of them,
 * plus the header and parameter names of the profile at hand. Redactors are cached until a new secret is learnt.
 */
export class RedactorCache {
  private readonly known = new Set<string>();
  private readonly cache = new Map<string, Redactor>();

  /** Adds secret values; every later redactor masks them (DESIGN.md rule 2: by value first). */
  learn(values: readonly string[]): void {
    const before = this.known.size;
    for (const v of values) this.known.add(v);
    if (this.known.size !== before) this.cache.clear();
  }

  /** A redactor for all known secrets and the credential names of `auth` (if any). */
  for(auth: AppliedAuth | null): Redactor {
    const key = auth ? `${auth.headerNames.join(',')}|${auth.paramNames.join(',')}` : '';
    let r = this.cache.get(key);
    if (!r) {
      r = createRedactor(this.options(auth));
      this.cache.set(key, r);
    }
    return r;
  }

  /**
   * Server-provided text made safe to quote (an OAuth error_description, a GitHub message): every known secret in
   * all its encodings, credential fields by name, and credential shapes are masked.
   */
  redactText(text: string): string {
    return this.for(null).text(text);
  }

  /**
   * `e` with its message redacted as {@link redactText} does (in place, so its class and code stay), for errors
   * whose message may quote a server's answer. Returns `e`.
   */
  redactError(e: unknown): unknown {
    if (e instanceof Error) e.message = this.redactText(e.message);
    return e;
  }

  /** What {@link for} builds its redactor from, for a redactor built elsewhere (an export worker thread). */
  options(auth: AppliedAuth | null): RedactorOptions {
    return { secrets: [...this.known], headerNames: auth?.headerNames, paramNames: auth?.paramNames };
  }
}

/** Redacts every free-text field of a history entry before it is stored (URLs, headers, bodies, errors). */
export function redactEntry(r: Redactor, e: Omit<HistoryEntry, 'id'>): Omit<HistoryEntry, 'id'> {
  return {
    ...e,
    url: r.url(e.url),
    error: e.error === null ? null : r.text(e.error),
    redirects: e.redirects.map((x) => ({ ...x, from: r.url(x.from), to: r.url(x.to) })),
    requestHeaders: r.headers(e.requestHeaders),
    requestBodyPreview: e.requestBodyPreview === null ? null : r.text(e.requestBodyPreview),
    responseHeaders: r.headers(e.responseHeaders),
    responseBodyPreview: e.responseBodyPreview === null ? null : r.text(e.responseBodyPreview),
    authSteps: e.authSteps.map((s) => ({ ...s, detail: r.text(s.detail) })),
    explanation: e.explanation && {
      ...e.explanation,
      title: r.text(e.explanation.title),
      detail: r.text(e.explanation.detail),
      tryThis: e.explanation.tryThis.map((t) => r.text(t)),
      facts: Object.fromEntries(Object.entries(e.explanation.facts).map(([k, v]) => [k, r.text(v)])),
    },
  };
}
