import { parse as parseYaml } from 'yaml';

/**
 * Reads the text of an API description (OpenAPI 3.x, Swagger 2.0) as JSON or YAML 1.2, safely: the text is bounded
 * in size, and YAML aliases are bounded in how much they expand (the "billion laughs" attack: a few lines of
 * nested anchors that would expand to billions of nodes are refused, not followed).
 */

/** The largest description read, in UTF-16 code units (the Import view refuses bigger files before reading). */
export const MAX_API_TEXT = 20 * 1024 * 1024;

/**
 * How many times aliases may expand the document, counted as yaml does (each use of an anchor, times the aliases
 * inside what it names). Descriptions that reuse a schema or a response by alias stay far below it; nested aliases
 * that multiply (billion laughs) pass it within a few thousand nodes.
 */
export const MAX_YAML_ALIAS_EXPANSION = 1000;

/**
 * Parses API description text: JSON first (RFC 8259), else YAML 1.2 with the core schema and `<<` merge keys (which
 * OpenAPI documents written in YAML commonly use with anchors).
 * @returns the parsed document (any JSON value)
 * @throws Error with a message for a person: the text is too large, neither JSON nor YAML (with the YAML parser's
 *   line and column), or its aliases expand too much
 */
export function parseApiText(text: string): unknown {
  if (text.length > MAX_API_TEXT) throw new Error(`The document is larger than ${MAX_API_TEXT / 1024 / 1024} MB; this does not look like an API description.`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // not JSON: try YAML below
  }
  try {
    return parseYaml(text, { merge: true, maxAliasCount: MAX_YAML_ALIAS_EXPANSION, prettyErrors: true }) as unknown;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/excessive alias count/i.test(message)) {
      throw new Error('The YAML document was refused: its anchors and aliases expand without bound (a "billion laughs" document). Nothing was imported.');
    }
    throw new Error(`The document is neither JSON nor valid YAML: ${message.split('\n')[0]!.replace(/:\s*$/, '.')}`);
  }
}
