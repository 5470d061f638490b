/**
 * Plays the user in front of oidc-provider's development login pages with plain HTTP (a cookie jar, manual
 * redirects, form posts), the way a browser would: any login, any password, then "Continue" on consent. Used by
 * integration tests; the e2e tests do the same in real Chromium.
 */
export async function actAsUser(startUrl: string, opts: { method?: 'GET' | 'POST'; body?: URLSearchParams; stopAt?: (url: string) => boolean } = {}): Promise<string> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const stopAt = opts.stopAt ?? ((u: string) => /^http:\/\/127\.0\.0\.1:\d+\/callback/.test(u) && !u.includes('/interaction/'));
  let url = startUrl;
  let method = opts.method ?? 'GET';
  let body: URLSearchParams | undefined = opts.body;
  for (let step = 0; step < 20; step++) {
    const res = await fetch(url, { method, body, redirect: 'manual', headers: { cookie: cookieHeader() } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    const location = res.headers.get('location');
    if (location) {
      const next = new URL(location, url).toString();
      if (stopAt(next)) return next;
      url = next;
      method = 'GET';
      body = undefined;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) return url;
    const form = new URLSearchParams();
    for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
      const name = /\bname="([^"]+)"/.exec(tag)?.[1];
      if (name) form.set(name, decodeEntities(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? ''));
    }
    if (form.has('login')) form.set('login', 'alice');
    if (form.has('password')) form.set('password', 'any-password');
    url = new URL(decodeEntities(action), url).toString();
    method = 'POST';
    body = form;
  }
  throw new Error('The sign-in did not finish within 20 steps.');
}

/** Decodes the HTML character references a template engine puts in attribute values (`&#x2F;`, `&amp;`). */
function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
