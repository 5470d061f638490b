import type { InteractiveDeps } from '../../electron/engine/oauth/authorization-code';
import type { FlowStep } from '../../shared/oauth';

/**
 * Interactive-flow dependencies for tests: `openBrowser` is given the authorization URL and plays the user (for
 * the sandbox: load the consent page and press a button, as a browser would, with real HTTP).
 */
export function testDeps(openBrowser: (url: string) => Promise<void>, extra: Partial<InteractiveDeps> = {}): InteractiveDeps & { steps: FlowStep[]; learnt: string[] } {
  const steps: FlowStep[] = [];
  const learnt: string[] = [];
  return {
    openBrowser,
    onProgress: (s) => steps.push(s),
    learn: (v) => learnt.push(...v),
    now: Date.now,
    timeoutMs: 10_000,
    steps,
    learnt,
    ...extra,
  };
}

/** Submits the sandbox consent form for an authorization URL, returning where the browser would be sent. */
export async function sandboxConsent(authorizationUrl: string, decision: 'approve' | 'deny'): Promise<string> {
  const page = await fetch(authorizationUrl);
  const html = await page.text();
  const fields = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields.set(m[1]!, m[2]!.replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c))));
  fields.set('decision', decision);
  const res = await fetch(new URL('/oauth/authorize', authorizationUrl), { method: 'POST', body: fields, redirect: 'manual' });
  return res.headers.get('location') ?? '';
}
