import { describe, expect, it } from 'vitest';
import { uniqueName } from '../../shared/import/unique-name';

describe('uniqueName: a default profile name nobody has yet', () => {
  it('keeps a free name as it is', () => {
    expect(uniqueName('127.0.0.1:37577 (curl)', ['other'])).toBe('127.0.0.1:37577 (curl)');
  });

  it('numbers a taken name inside its closing parenthesis, skipping numbers in use', () => {
    expect(uniqueName('127.0.0.1:37577 (curl)', ['127.0.0.1:37577 (curl)'])).toBe('127.0.0.1:37577 (curl 2)');
    expect(uniqueName('h (curl)', ['h (curl)', 'h (curl 2)'])).toBe('h (curl 3)');
    expect(uniqueName('Petstore API (OAuth 2.0)', ['Petstore API (OAuth 2.0)'])).toBe('Petstore API (OAuth 2.0, 2)');
  });

  it('appends a number to a name without a parenthesis, within 80 characters', () => {
    expect(uniqueName('Petstore', ['Petstore'])).toBe('Petstore 2');
    const long = 'x'.repeat(80);
    const next = uniqueName(long, [long]);
    expect(next).toHaveLength(80);
    expect(next.endsWith(' 2')).toBe(true);
  });
});
