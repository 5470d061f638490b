/** Multi-line secrets (PEM private keys, a base64 PKCS#12 bundle): which slots hold them, reading them from files (pure, no React). */

export type SecretTextKind = 'pem' | 'base64';

/** The secret slots whose value is a file's content rather than a line of text. */
export const secretTextKinds: Partial<Record<string, SecretTextKind>> = { private_key: 'pem', client_key: 'pem', client_pkcs12: 'base64' };

/**
 * What the field holds, without showing it: the PEM block type and its length, or the size of a base64 bundle.
 * Safe to keep in React state and to display: it names no byte of the secret.
 */
export function describeSecretText(value: string, kind: SecretTextKind): string {
  const text = value.trim();
  if (!text) return '';
  if (kind === 'pem') {
    const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1];
    const lines = text.split(/\r?\n/).length;
    return label ? `${label} · ${lines} lines` : 'No -----BEGIN …----- line: this does not look like PEM text.';
  }
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return 'This is not base64: choose the .p12 or .pfx file instead.';
  return `PKCS#12 bundle · ${Math.floor((compact.length * 3) / 4 - (compact.match(/=+$/)?.[0].length ?? 0))} bytes`;
}

/** Reads a chosen file with FileReader: as text (PEM), or as bytes encoded to base64 (a PKCS#12 bundle). */
export function readFileAs(file: File, kind: SecretTextKind): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error(`could not read ${file.name}`));
    reader.onload = () => {
      const result = String(reader.result);
      resolve(kind === 'pem' ? result : result.slice(result.indexOf(',') + 1));
    };
    if (kind === 'pem') reader.readAsText(file);
    else reader.readAsDataURL(file);
  });
}
