/**
 * A forgiving parser for `WWW-Authenticate` (and `Proxy-Authenticate`) field values, RFC 9110 §11.6.1 with the
 * grammar of §11.2:
 *
 *     WWW-Authenticate = #challenge
 *     challenge  = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
 *     auth-param = token BWS "=" BWS ( token / quoted-string )
 *     token68    = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
 */

/** One challenge. `scheme` keeps the server's spelling (compare it case-insensitively, RFC 9110 §11.1). */
export interface Challenge {
  scheme: string;
  /** auth-param names lower-cased (RFC 9110 §11.2), values unquoted and unescaped. The first of a repeated name wins. */
  params: Record<string, string>;
  token68: string | null;
}

const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*/;

/** A cursor over one field value. Every read either advances or leaves `pos` unchanged. */
class Cursor {
  pos = 0;
  constructor(readonly text: string) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string {
    return this.text[this.pos] ?? '';
  }

  /** Skips optional whitespace (OWS/BWS, RFC 9110 §5.6.3), and line breaks of a folded or pasted value. */
  skipSpaces(): void {
    while (/^[ \t\r\n]$/.test(this.peek())) this.pos++;
  }

  /** Skips whitespace and list commas (RFC 9110 §5.6.1 allows empty list elements). */
  skipSeparators(): void {
    while (/^[ \t\r\n,]$/.test(this.peek())) this.pos++;
  }

  token(): string {
    const start = this.pos;
    while (TCHAR.test(this.peek())) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** A token68 that stands alone: followed only by whitespace, then a comma or the end. */
  token68(): string | null {
    const match = TOKEN68.exec(this.text.slice(this.pos));
    if (!match) return null;
    const after = this.text.slice(this.pos + match[0].length).trimStart();
    if (after !== '' && !after.startsWith(',')) return null;
    this.pos += match[0].length;
    return match[0];
  }

  /** quoted-string with quoted-pair (RFC 9110 §5.6.4); an unterminated string runs to the end. */
  quoted(): string {
    let out = '';
    this.pos++; // opening DQUOTE
    while (!this.done && this.peek() !== '"') {
      if (this.peek() === '\\' && this.pos + 1 < this.text.length) this.pos++;
      out += this.peek();
      this.pos++;
    }
    this.pos++; // closing DQUOTE (past the end when missing)
    return out;
  }

  /** A bare value: a token, leniently up to the next comma or whitespace (servers send unquoted URIs). */
  bare(): string {
    const start = this.pos;
    while (!this.done && !/[,\s]/.test(this.peek())) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** Reads `name BWS "=" BWS value`, or returns null and restores the position (the next challenge starts here). */
  param(): [string, string] | null {
    const start = this.pos;
    const name = this.token();
    this.skipSpaces();
    if (name === '' || this.peek() !== '=') {
      this.pos = start;
      return null;
    }
    this.pos++;
    this.skipSpaces();
    return [name.toLowerCase(), this.peek() === '"' ? this.quoted() : this.bare()];
  }
}

/** Reads the auth-params of one challenge, stopping where a new challenge (a token not followed by `=`) begins. */
function readParams(cur: Cursor, params: Record<string, string>): void {
  for (;;) {
    const before = cur.pos;
    cur.skipSeparators();
    const pair = cur.param();
    if (!pair) {
      cur.pos = before;
      return;
    }
    const [name, value] = pair;
    if (!(name in params)) params[name] = value;
  }
}

/** Reads one challenge at the cursor, or skips garbage up to the next comma and returns null. */
function readChallenge(cur: Cursor): Challenge | null {
  const scheme = cur.token();
  if (scheme === '') {
    while (!cur.done && cur.peek() !== ',') cur.pos++;
    return null;
  }
  const challenge: Challenge = { scheme, params: Object.create(null) as Record<string, string>, token68: null };
  cur.skipSpaces();
  challenge.token68 = cur.token68();
  if (challenge.token68 === null) readParams(cur, challenge.params);
  return challenge;
}

function parseOne(value: string): Challenge[] {
  const cur = new Cursor(value);
  const out: Challenge[] = [];
  for (cur.skipSeparators(); !cur.done; cur.skipSeparators()) {
    const challenge = readChallenge(cur);
    if (challenge) out.push(challenge);
  }
  return out;
}

/**
 * Parses `WWW-Authenticate` field values into challenges (RFC 9110 §11.6.1, §11.2): several challenges in one line
 * or across several lines (pass each line, or the lines joined with ", " as Node does), auth-params with
 * quoted-strings that hold commas, `=` and `\"`, and token68 (`Negotiate abc==`). Never throws: garbage is skipped
 * and whatever parses is returned.
 */
export function parseWwwAuthenticate(value: string | string[]): Challenge[] {
  const lines = Array.isArray(value) ? value : [value];
  return lines.flatMap((line) => (typeof line === 'string' ? parseOne(line) : []));
}
