import { describe, expect, it } from 'vitest';
import type { ProfileView } from '../../shared/contract';
import { emptyHeader, headerPairsOf, headerRowsOf } from '../../renderer/src/lib/header-rows';
import { settingsDraftOf, settingsProblem, settingsUpdate } from '../../renderer/src/lib/settings-draft';

const view = { id: 'p1', name: 'Notion', clientType: 'confidential', auth: { scheme: 'bearer', prefix: 'Bearer' }, baseUrl: 'https://api.notion.com', verify: null, trustRedirectsTo: [], headers: [['Notion-Version', '2022-06-28']] } as unknown as ProfileView;

describe('profile headers in the Edit settings form', () => {
  it('start as the saved headers and are saved back, rows without a name left out, edges trimmed', () => {
    const draft = settingsDraftOf(view);
    expect(headerPairsOf(draft.headers)).toEqual([['Notion-Version', '2022-06-28']]);
    const edited = { ...draft, headers: [...draft.headers, emptyHeader(), ...headerRowsOf([[' X-Trace ', ' on ']])] };
    expect(settingsProblem(edited)).toBeNull();
    expect(settingsUpdate('p1', edited).headers).toEqual([['Notion-Version', '2022-06-28'], ['X-Trace', 'on']]);
    expect(settingsUpdate('p1', { ...draft, headers: [] }).headers).toEqual([]);
  });

  it('name the row of a header that carries credentials, counting rows as shown', () => {
    const draft = settingsDraftOf(view);
    const problem = settingsProblem({ ...draft, headers: [...draft.headers, emptyHeader(), ...headerRowsOf([['X-Api-Key', 'k']])] });
    expect(problem?.message).toMatch(/^Header 3: X-Api-Key carries credentials/);
    expect(problem?.field).toBe('header2Name'); // the third row's name input (data-field), where the fix is typed
  });
});
