/** Field labels in words for the `{placeholders}` an import leaves to fill, the RFC term kept in brackets. */
const WORDS: Record<string, string> = {
  client_id: 'Client ID (client_id)',
  issuer: 'Issuer',
  authorization_endpoint: 'Authorization endpoint (authorization_endpoint)',
  token_endpoint: 'Token endpoint (token_endpoint)',
  device_authorization_endpoint: 'Device authorization endpoint (device_authorization_endpoint)',
  username: 'Username',
};

/**
 * The form label of a draft's placeholder: a known field in words ("Token endpoint (token_endpoint)"); any other name
 * as it is, since it is the source's own variable name (a Postman `{{user}}` becomes `{user}`).
 */
export function placeholderLabel(name: string): string {
  return WORDS[name] ?? name;
}
