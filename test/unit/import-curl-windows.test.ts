import { describe, expect, it } from 'vitest';
import { parseCurl } from '../../shared/import/curl';
import { shellWords } from '../../shared/import/shell-words';
import { fromWindowsShell } from '../../shared/import/windows-shell';

const words = (command: string) => shellWords(fromWindowsShell(command)).words;

/** Commands copied from Windows docs continue their lines with cmd's `^` or PowerShell's backtick. */
describe('curl import from cmd.exe and PowerShell', () => {
  it('joins cmd ^ continuations and drafts the token request', () => {
    const cmd = 'curl.exe -X POST "https://auth.example.com/oauth/token" ^\r\n  -u "abc:def" ^\r\n  -d "grant_type=client_credentials"';
    const r = parseCurl(cmd);
    expect(r.warnings.join(' ')).not.toMatch(/first command|URLs|ignored/);
    expect(r.method).toBe('POST');
    expect(r.url).toBe('https://auth.example.com/oauth/token');
    expect(r.auth).toMatchObject({ scheme: 'oauth2', grant: 'client_credentials', clientId: 'abc', tokenEndpointAuthMethod: 'client_secret_basic' });
    expect(Object.values(r.secrets)).toEqual(['def']);
  });

  it('joins PowerShell backtick continuations', () => {
    const ps = "curl.exe -X POST 'https://auth.example.com/oauth/token' `\n  -u 'abc:def' `\n  -d 'grant_type=client_credentials'";
    const r = parseCurl(ps);
    expect(r.warnings.join(' ')).not.toMatch(/first command|URLs|ignored/);
    expect(r.auth).toMatchObject({ grant: 'client_credentials', clientId: 'abc' });
  });

  it('keeps ^ literal inside cmd quotes, reads ^& as a literal &, and keeps unquoted backslashes', () => {
    expect(words('curl "https://x.example/a^b?c=1&d=2" ^\n --cacert C:\\certs\\ca.pem ^\n -d a=1^&b=2')).toEqual([
      'curl',
      'https://x.example/a^b?c=1&d=2',
      '--cacert',
      'C:\\certs\\ca.pem',
      '-d',
      'a=1&b=2',
    ]);
  });

  it('still joins when a copy left blanks after the ^', () => {
    expect(words('curl ^  \n https://x.example/')).toEqual(['curl', 'https://x.example/']);
  });

  it('leaves a POSIX command (no cmd or PowerShell continuation) to the POSIX rules', () => {
    const posix = "curl -H 'X-A: b' \\\n  https://x.example/?q=a^b";
    expect(fromWindowsShell(posix)).toBe(posix);
    expect(words(posix)).toEqual(['curl', '-H', 'X-A: b', 'https://x.example/?q=a^b']);
  });
});
