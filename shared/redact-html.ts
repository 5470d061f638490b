/**
 * HTML-escaped forms of a secret: how the HTML encoders of common server stacks write it when an error page or a
 * form echoes it back. Used by `secretForms` (shared/redact.ts), the one place that lists every form of a secret.
 * Pure, so it runs everywhere.
 */

/** Characters that HTML escapers replace (HTML Living Standard §13.1.4: `&`, `<`, `>` in text, quotes in attributes). */
const HTML_SPECIAL = /[&<>"']/;
/**
 * The entity tables of common HTML escapers: text-only (`& < >`), lodash and Go's html.EscapeString (`&#39;`, Go
 * `&#34;`), Python's html.escape and React (`&#x27;`), PHP's htmlspecialchars with ENT_QUOTES (`&#039;`; `&apos;`
 * with ENT_HTML5 or ENT_XML1).
 */
const HTML_ESCAPERS: readonly Readonly<Record<string, string>>[] = [
  { '&': '&amp;', '<': '&lt;', '>': '&gt;' },
  { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' },
  { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' },
  { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' },
  { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#039;' },
  { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' },
];

/** `secret` as the named-entity escapers above write it; none when nothing changes. */
function namedEntityForms(secret: string): string[] {
  if (!HTML_SPECIAL.test(secret)) return [];
  return HTML_ESCAPERS.map((table) => secret.replace(/[&<>"']/g, (c) => table[c] ?? c));
}

/**
 * How numeric encoders treat a code point, by class:
 * - `safe`: ASCII letters and digits, and `, . - _` and space (ESAPI's immune set for HTML, AntiXSS's safe list):
 *   never encoded;
 * - `special`: `& < > " '`, which every HTML encoder replaces (by name or by number);
 * - `plus`: `+`, which Go's html/template (`&#43;`) and .NET's HtmlEncoder (`&#x2B;`) encode against UTF-7 attacks;
 * - `other`: the rest of ASCII (other punctuation and symbols, controls);
 * - `nonAscii`: U+0080 and up, encoded as one reference per code point (astral ones too, not per surrogate).
 */
type CharClass = 'safe' | 'special' | 'plus' | 'other' | 'nonAscii';

function classOf(cp: number): CharClass {
  if (cp >= 0x80) return 'nonAscii';
  const c = String.fromCharCode(cp);
  if (/[A-Za-z0-9,.\-_ ]/.test(c)) return 'safe';
  if (HTML_SPECIAL.test(c)) return 'special';
  return c === '+' ? 'plus' : 'other';
}

/** A decimal, lower-case hex or upper-case hex numeric character reference (HTML Living Standard §13.1.4). */
type NumberFormat = (cp: number) => string;
const NUMBER_FORMATS: readonly NumberFormat[] = [
  (cp) => `&#${cp};`,
  (cp) => `&#x${cp.toString(16)};`,
  (cp) => `&#x${cp.toString(16).toUpperCase()};`,
];

/**
 * What an encoder does with `& < > " '`: keeps them; names `& < > "` and numbers `'` (ESAPI, .NET WebUtility and
 * HtmlEncoder, AntiXSS 4); names `& < >` and numbers the quotes (Go html/template); numbers all five (AntiXSS 3,
 * Spring's htmlEscapeDecimal/htmlEscapeHex).
 */
const SPECIAL_NAMES: readonly (Readonly<Record<string, string>> | 'raw' | 'numeric')[] = [
  'raw',
  { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' },
  { '&': '&amp;', '<': '&lt;', '>': '&gt;' },
  'numeric',
];
/** Which other ASCII an encoder numbers: none; `+` alone (Go html/template, .NET HtmlEncoder); all of it (ESAPI, AntiXSS). */
const ASCII_NUMBERED: readonly (readonly CharClass[])[] = [[], ['plus'], ['plus', 'other']];

/**
 * `secret` as numeric-character-reference encoders write it, for each combination of the treatments above, of
 * non-ASCII (kept, or numbered) and of the three number formats. That covers OWASP ESAPI `encodeForHTML` (`&#x2b;`,
 * lower-case hex, named `&amp; &lt; &gt; &quot;`), Microsoft AntiXSS `Encoder.HtmlEncode` (decimal `&#43;` for all
 * but its safe list), .NET `WebUtility`/`HttpUtility.HtmlEncode` (`&#39;`, U+00A0–U+00FF and astral code points as
 * decimal), .NET `HtmlEncoder.Default` (`&#x2B;`, non-ASCII as upper-case hex), Go html/template (`&#34; &#39; &#43;`),
 * Spring's HtmlUtils decimal and hex escapes, and an echo that numbers only the characters past `& < > " '`. At most
 * 72 forms whatever the secret's length (a fixed set of treatments, not subsets of its characters), fewer when it
 * lacks a class; none for a secret of safe characters only. Not covered: ESAPI's and PHP htmlentities' named
 * entities for non-ASCII (`&eacute;`), zero-padded numbers (`&#0043;`).
 */
function numericReferenceForms(secret: string): string[] {
  const cps = Array.from(secret, (c) => c.codePointAt(0)!);
  const classes = cps.map(classOf);
  const has = (k: CharClass) => classes.includes(k);
  if (!has('special') && !has('plus') && !has('other') && !has('nonAscii')) return [];
  const specials = has('special') ? SPECIAL_NAMES : SPECIAL_NAMES.slice(0, 1);
  const asciiSets = has('plus') || has('other') ? ASCII_NUMBERED : ASCII_NUMBERED.slice(0, 1);
  const forms = new Set<string>();
  for (const special of specials) {
    for (const ascii of asciiSets) {
      for (const nonAscii of has('nonAscii') ? [false, true] : [false]) {
        for (const number of NUMBER_FORMATS) {
          const out = cps.map((cp, i) => {
            const k = classes[i]!;
            const c = String.fromCodePoint(cp);
            if (k === 'special') return special === 'raw' ? c : special === 'numeric' ? number(cp) : (special[c] ?? number(cp));
            if (k === 'nonAscii') return nonAscii ? number(cp) : c;
            return ascii.includes(k) ? number(cp) : c;
          });
          forms.add(out.join(''));
        }
      }
    }
  }
  forms.delete(secret);
  return [...forms];
}

/**
 * Every HTML-escaped form of `secret` (named entities, then numeric character references; see the two functions
 * above for the encoders and their sources). Distinct strings, none equal to `secret`; none for a secret that no
 * HTML encoder changes (ASCII letters, digits and `, . - _` and space only).
 */
export function htmlForms(secret: string): string[] {
  return [...new Set([...namedEntityForms(secret), ...numericReferenceForms(secret)])].filter((f) => f !== secret);
}
