import { describe, expect, it } from 'vitest';
import { draftProblem, initialDraft } from '../../renderer/src/lib/draft';
import { PROFILE_NAME_MAX } from '../../renderer/src/lib/profile-name';
import { settingsProblem } from '../../renderer/src/lib/settings-draft';

/**
 * New profile and Edit settings check a profile's name by the contract's rule, in a sentence at the Name field: the
 * engine's "Invalid profiles.create request: name: …" never reaches the person.
 */
describe('profile name check', () => {
  const settings = { clientType: 'confidential', baseUrl: '', verifyMethod: 'GET', verifyTarget: '', trustRedirectsTo: [], headers: [], publicOnly: false } as const;

  it('takes its limit from the contract: 80 characters', () => {
    expect(PROFILE_NAME_MAX).toBe(80);
  });

  it('refuses an over-long name or one with a slash in plain words, at the name field, in both forms', () => {
    const cases = [
      ['a'.repeat(81), 'A profile name has at most 80 characters.'],
      ['Team/Prod', 'A profile name has no control characters and no / or \\.'],
    ] as const;
    for (const [name, message] of cases) {
      expect(draftProblem({ ...initialDraft(), scheme: 'bearer', name })).toEqual({ field: 'name', message });
      expect(settingsProblem({ ...settings, name, headers: [], trustRedirectsTo: [] })).toEqual({ field: 'name', message });
    }
  });

  it('keeps each form’s words for a missing name and accepts 80 characters, spaces around them aside', () => {
    expect(draftProblem({ ...initialDraft(), scheme: 'bearer', name: ' ' })?.message).toBe('Give the profile a name.');
    expect(settingsProblem({ ...settings, name: '', headers: [], trustRedirectsTo: [] })?.message).toBe('A profile needs a name.');
    expect(draftProblem({ ...initialDraft(), scheme: 'bearer', name: ` ${'a'.repeat(80)} ` })).toBeNull();
  });

  it('refuses a name another profile has, spaces around it aside as the contract trims them, at the name field', () => {
    const taken = ['T', 'Prod'];
    const message = 'A profile named "T" already exists. Pick another name.';
    expect(draftProblem({ ...initialDraft(), scheme: 'bearer', name: ' T ' }, taken)).toEqual({ field: 'name', message });
    expect(settingsProblem({ ...settings, name: 'T', headers: [], trustRedirectsTo: [] }, taken)).toEqual({ field: 'name', message });
    expect(draftProblem({ ...initialDraft(), scheme: 'bearer', name: 't' }, taken)).toBeNull();
  });
});
