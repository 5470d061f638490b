import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { searchPresets, type Preset } from '../../../../shared/presets';
import { PresetListItem } from './PresetListItem';

/**
 * The searchable provider list. Typing filters; ArrowDown moves from the search box into the list, arrows, Home and
 * End move between providers, Enter (in the box: on the first match) picks one, typing in the list returns to the box.
 */
export function PresetPicker(props: { selectedId: string | null; onSelect: (p: Preset) => void }) {
  const id = useId();
  const [query, setQuery] = useState('');
  const search = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const found = searchPresets(query);
  const options = () => [...(list.current?.querySelectorAll<HTMLButtonElement>('button.preset-option') ?? [])];

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      options()[0]?.focus();
    } else if (e.key === 'Enter' && found[0]) {
      e.preventDefault();
      props.onSelect(found[0]);
    }
  };
  const onListKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const all = options();
    const i = all.indexOf(document.activeElement as HTMLButtonElement);
    const box = search.current;
    if (box && e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey && e.key !== ' ') {
      box.focus(); // the key then types into the search box, after what is there
      box.setSelectionRange(box.value.length, box.value.length);
      return;
    }
    if (i < 0) return;
    const next = { ArrowDown: Math.min(i + 1, all.length - 1), ArrowUp: i - 1, Home: 0, End: all.length - 1, Escape: -1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    if (next < 0) box?.focus();
    else all[next]?.focus();
  };

  return (
    <div className="preset-picker">
      <div className="field">
        <label htmlFor={`${id}-q`}>Search providers</label>
        <input
          id={`${id}-q`}
          ref={search}
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onSearchKey}
          placeholder="Stripe, datadog, oauth…"
          autoComplete="off"
          spellCheck={false}
          aria-controls={`${id}-list`}
          aria-describedby={`${id}-count`}
          autoFocus
        />
        <p id={`${id}-count`} className="field-hint" role="status">
          {found.length === 0 ? 'No provider matches. Try another word, or create a profile by hand.' : `${found.length} provider${found.length === 1 ? '' : 's'}`}
        </p>
      </div>
      <ul id={`${id}-list`} ref={list} className="preset-list" aria-label="Providers" onKeyDown={onListKey}>
        {found.map((p) => (
          <PresetListItem key={p.id} preset={p} selected={p.id === props.selectedId} onSelect={() => props.onSelect(p)} />
        ))}
      </ul>
    </div>
  );
}
