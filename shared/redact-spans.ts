/**
 * Replaces spans of a text with a marker. Spans may come from several finders (secrets by value, credentials by
 * shape) and may overlap: every character of every span is masked, and overlapping spans become one marker, so no
 * part of one match survives because another match started first.
 */

/**
 * `text` with each `[start, end)` span of `spans` (a flat list of UTF-16 offset pairs with start ≤ end, in any
 * order) replaced by `marker`; spans that overlap are merged first (spans that only touch keep a marker each, and
 * an empty span inserts one). Returns `text` itself when there are no spans.
 */
export function maskSpans(text: string, spans: readonly number[], marker: string): string {
  if (spans.length === 0) return text;
  const order = Array.from({ length: spans.length / 2 }, (_, i) => 2 * i).sort((a, b) => spans[a]! - spans[b]! || spans[b + 1]! - spans[a + 1]!);
  let out = '';
  let copied = 0;
  let start = spans[order[0]!]!;
  let end = spans[order[0]! + 1]!;
  for (let k = 1; k < order.length; k++) {
    const i = order[k]!;
    if (spans[i]! < end) {
      end = Math.max(end, spans[i + 1]!);
      continue;
    }
    out += text.slice(copied, start) + marker;
    copied = end;
    start = spans[i]!;
    end = spans[i + 1]!;
  }
  return out + text.slice(copied, start) + marker + text.slice(end);
}
