/**
 * Byte-exact encodings used by auth schemes and by the redactor. Pure (TextEncoder and btoa exist in Node ≥ 16 and
 * in browsers), so the same code runs in the main process, the CLI and tests.
 */

const utf8 = new TextEncoder();

/** Standard base64 (RFC 4648 §4, with `=` padding) of the UTF-8 bytes of `text`. */
export function base64Utf8(text: string): string {
  return base64Bytes(utf8.encode(text));
}

/** Standard base64 (RFC 4648 §4) of raw bytes. */
export function base64Bytes(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** base64url without padding (RFC 4648 §5), as JOSE and PKCE use it. */
export function toBase64Url(base64: string): string {
  return base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Percent-encodes everything except RFC 3986 §2.3 unreserved characters (`A-Z a-z 0-9 - . _ ~`), UTF-8 first
 * (RFC 3986 §2.1). Stricter than encodeURIComponent (which leaves `!'()*`), so a value survives any server's
 * query parser byte for byte, and `#` never starts a fragment (TRAPS T3).
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * application/x-www-form-urlencoded serialisation of one value (WHATWG URL "urlencoded serializer"): space becomes
 * `+`, and everything but `*-._` and alphanumerics is percent-encoded. RFC 6749 §2.3.1 uses it for client
 * credentials.
 */
export function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

/**
 * The `Authorization` value of HTTP Basic (RFC 7617 §2): `Basic base64(UTF-8(user ":" pass))`. UTF-8 is the only
 * charset RFC 7617 §2.1 allows servers to ask for, so it is used always; nothing is dropped or transliterated.
 * @throws Error when the user-id contains a colon (RFC 7617 §2: it cannot be represented).
 */
export function basicAuthorization(username: string, password: string): string {
  if (username.includes(':')) {
    throw new Error('A Basic auth username cannot contain ":" (RFC 7617 §2). Check the username.');
  }
  return `Basic ${base64Utf8(`${username}:${password}`)}`;
}
