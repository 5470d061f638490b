/**
 * curl's command-line options as the importer sees them (curl(1), https://curl.se/docs/manpage.html): short
 * letters mapped to long names, and which options take an argument. Options neither handled nor listed here are
 * reported as unknown.
 */

export const SHORT: Record<string, string> = {
  X: '--request', H: '--header', u: '--user', d: '--data', b: '--cookie', A: '--user-agent', e: '--referer',
  o: '--output', m: '--max-time', x: '--proxy', U: '--proxy-user', w: '--write-out', E: '--cert', F: '--form',
  T: '--upload-file', r: '--range', c: '--cookie-jar', K: '--config', G: '--get', I: '--head', k: '--insecure',
  L: '--location', s: '--silent', S: '--show-error', v: '--verbose', i: '--include', f: '--fail', N: '--no-buffer',
  g: '--globoff', '#': '--progress-bar', n: '--netrc', O: '--remote-name', J: '--remote-header-name', '0': '--http1.0',
  '4': '--ipv4', '6': '--ipv6',
};

/** Options that consume the next word. */
export const TAKES_ARGUMENT = new Set([
  '--request', '--header', '--user', '--data', '--data-raw', '--data-binary', '--data-ascii', '--data-urlencode',
  '--json', '--url', '--oauth2-bearer', '--cookie', '--user-agent', '--referer', '--output', '--max-time',
  '--connect-timeout', '--proxy', '--proxy-user', '--write-out', '--cert', '--key', '--cacert', '--capath',
  '--form', '--upload-file', '--range', '--cookie-jar', '--config', '--retry', '--retry-delay', '--retry-max-time',
  '--resolve', '--connect-to', '--aws-sigv4', '--max-redirs', '--limit-rate', '--interface', '--dns-servers',
  '--cert-type', '--key-type', '--pass', '--ciphers', '--proto', '--proto-redir', '--url-query', '--variable',
]);

/** Options that change nothing Authdesk sends (output, progress, protocol tuning). */
export const HARMLESS = new Set([
  '--silent', '--show-error', '--verbose', '--include', '--fail', '--fail-with-body', '--no-buffer', '--globoff',
  '--progress-bar', '--no-progress-meter', '--compressed', '--location', '--http1.0', '--http1.1', '--http2',
  '--http2-prior-knowledge', '--ipv4', '--ipv6', '--output', '--write-out', '--max-time', '--connect-timeout',
  '--retry', '--retry-delay', '--retry-max-time', '--max-redirs', '--remote-name', '--remote-header-name',
  '--limit-rate', '--tr-encoding', '--path-as-is', '--raw', '--keepalive-time', '--no-keepalive',
]);

/** Options Authdesk cannot honour, with why (each becomes a warning). */
export const UNSUPPORTED: Record<string, string> = {
  '--insecure': 'The command disabled TLS certificate checks (-k); Authdesk always verifies certificates.',
  '--location-trusted': 'The command sends credentials to other hosts on redirects (--location-trusted); Authdesk never does (RFC 9110 §15.4).',
  '--proxy': 'The proxy (-x) was ignored.',
  '--proxy-user': 'The proxy credentials (-U) were ignored and not imported.',
  '--cert': 'Files named in a pasted command are not read: create a mutual TLS profile with the client certificate and key instead.',
  '--key': 'Files named in a pasted command are not read: create a mutual TLS profile with the client certificate and key instead.',
  '--cacert': 'A custom CA (--cacert) was ignored.',
  '--form': 'Multipart form data (-F) is not supported; the form fields were ignored.',
  '--upload-file': 'File uploads (-T) are not supported; the upload was ignored.',
  '--config': 'Options from a config file (-K) were not read.',
  '--netrc': 'Credentials from .netrc (-n) were not read; add them to the profile.',
  '--anyauth': '--anyauth was ignored; the -u credentials are sent as HTTP Basic.',
  '--resolve': '--resolve was ignored; Authdesk uses normal DNS.',
  '--connect-to': '--connect-to was ignored; Authdesk uses normal DNS.',
};
