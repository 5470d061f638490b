import type { AppliedAuth } from '../../shared/auth-apply';
import { createRedactor, secretForms, type Redactor, type RedactorOptions, type RequestParts } from '../../shared/redact';
import type { FlowStep } from '../../shared/oauth';
import type { HistoryEntry } from '../../shared/request';
import { AuthdeskError } from './errors';

/** Longest server text (UTF-16 code units) quoted in an error message; the rest becomes "…". */
export const MAX_QUOTED_CHARS = 500;

/** `text` cut to {@link MAX_QUOTED_CHARS} with "…" (never inside a surrogate pair). Apply after redaction only. */
function capQuoted(text: string): string {
  if (text.length <= MAX_QUOTED_CHARS) return text;
  const end = /[\ud800-\udbff]/.test(text[MAX_QUOTED_CHARS - 1]!) ? MAX_QUOTED_CHARS - 1 : MAX_QUOTED_CHARS;
  return `${text.slice(0, end)}…`;
}

/** Secrets whose forms a {@link RedactorCache} keeps (about 10-20 kB each). */
const MAX_KEPT_FORMS = 256;

/**
 * Keeps every secret value this process has used (stored, derived) and hands out redactors that know all of them,
 * plus the header and parameter names of the profile at hand. Redactors are cached until a new secret is learnt.
 */
export class RedactorCache {
  private readonly known = new Set<string>();
  private readonly cache = new Map<string, Redactor>();
  /** The cache key of each auth seen (an auth resolution is reused across sends: see auth-resolver.ts). */
  private readonly keys = new WeakMap<AppliedAuth, string>();
  /**
   * Each known secret's encoded forms, made once: a redactor is built again for every new secret (each new access
   * token), and encoding every secret anew was most of that. At most {@link MAX_KEPT_FORMS} secrets' forms are kept.
   */
  private readonly forms = new Map<string, readonly string[]>();
  private readonly formsOf = (secret: string): readonly string[] => {
    let f = this.forms.get(secret);
    if (f === undefined) {
      if (this.forms.size >= MAX_KEPT_FORMS) this.forms.clear();
      f = secretForms(secret);
      this.forms.set(secret, f);
    }
    return f;
  };

  /** Adds secret values; every later redactor masks them (DESIGN.md rule 2: by value first). */
  learn(values: readonly string[]): void {
    const before = this.known.size;
    for (const v of values) this.known.add(v);
    if (this.known.size !== before) this.cache.clear();
  }

  /**
   * Learns the secrets of one send: those `derived` while sending (a Digest response, a SigV4 signature), and the
   * credentials typed by hand into `request` — what the name rules of {@link for}`(auth)` mask in it (credential
   * headers and each cookie, credential-named query and body fields; see Redactor.credentials) — so that a server
   * echoing them has them masked by value too. A request with no such header or field costs one pass of the name
   * rules over its URL and body and learns nothing new (the cached redactors stay).
   */
  learnSend(auth: AppliedAuth | null, request: RequestParts, derived: readonly string[]): void {
    this.learn([...derived, ...this.for(auth).credentials(request)]);
  }

  /** A redactor for all known secrets and the credential names of `auth` (if any). */
  for(auth: AppliedAuth | null): Redactor {
    const key = auth ? this.keyOf(auth) : '';
    let r = this.cache.get(key);
    if (!r) {
      r = createRedactor({ ...this.options(auth), formsOf: this.formsOf });
      this.cache.set(key, r);
    }
    return r;
  }

  private keyOf(auth: AppliedAuth): string {
    let key = this.keys.get(auth);
    if (key === undefined) {
      key = `${auth.headerNames.join(',')}|${auth.paramNames.join(',')}`;
      this.keys.set(auth, key);
    }
    return key;
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
   * whose message may quote a server's answer. The server text of an AuthdeskError's `quote` is redacted, then cut
   * to {@link MAX_QUOTED_CHARS} (in that order, so no cut piece of a secret escapes), and the quote is dropped.
   * Returns `e`.
   */
  redactError(e: unknown): unknown {
    if (!(e instanceof Error)) return e;
    const quote = e instanceof AuthdeskError ? e.quote : undefined;
    if (!quote) {
      e.message = this.redactText(e.message);
      return e;
    }
    e.message = this.redactText(quote.before) + capQuoted(this.redactText(quote.text)) + this.redactText(quote.after);
    (e as AuthdeskError).quote = undefined;
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

/**
 * An interactive flow's progress step with every value that a server chose redacted: the device flow's user_code
 * and verification URIs (RFC 8628 §3.2), which an authorization server may fill with what it received (the Basic
 * credential, the client_secret of the form body). The authorization URL of the code grant is built by Authdesk
 * and carries the one-time `state` (a learnt value the user's browser must receive intact): it is passed as it is.
 */
export function redactFlowStep(r: Redactor, step: FlowStep): FlowStep {
  if (step.step !== 'device_code') return step;
  return {
    ...step,
    userCode: r.text(step.userCode),
    verificationUri: serverUri(r, step.verificationUri),
    verificationUriComplete: step.verificationUriComplete === null ? null : serverUri(r, step.verificationUriComplete),
  };
}

/**
 * A URI a server chose, redacted. A server that quotes a form body into a query percent-encodes it once more, so a
 * secret that only shows once decoded makes the URI useless anyway: it is then shown decoded and redacted.
 */
function serverUri(r: Redactor, uri: string): string {
  const out = r.url(uri);
  let decoded: string;
  try {
    decoded = decodeURIComponent(out);
  } catch {
    return out; // not percent-decodable: nothing hides under a second encoding
  }
  const masked = r.text(decoded);
  return masked === decoded ? out : masked;
}
