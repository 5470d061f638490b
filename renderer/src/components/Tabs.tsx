import { useRef, type KeyboardEvent } from 'react';

/** One tab of a {@link Tabs} strip; its panel must have id `panel-${id}`. */
export interface TabSpec<T extends string> {
  id: T;
  label: string;
}

/** An accessible tab strip (arrow keys, Home, End move between tabs and select them). */
export function Tabs<T extends string>(props: { label: string; tabs: TabSpec<T>[]; active: T; onChange: (id: T) => void }) {
  const refs = useRef(new Map<T, HTMLButtonElement>());
  const onKeyDown = (e: KeyboardEvent) => {
    const i = props.tabs.findIndex((t) => t.id === props.active);
    const n = props.tabs.length;
    const next = { ArrowRight: (i + 1) % n, ArrowLeft: (i - 1 + n) % n, Home: 0, End: n - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const id = props.tabs[next]!.id;
    props.onChange(id);
    refs.current.get(id)?.focus();
  };
  return (
    <div role="tablist" aria-label={props.label} className="tabs" onKeyDown={onKeyDown}>
      {props.tabs.map((t) => (
        <button
          key={t.id}
          ref={(el) => {
            if (el) refs.current.set(t.id, el);
            else refs.current.delete(t.id);
          }}
          role="tab"
          type="button"
          id={`tab-${t.id}`}
          aria-selected={t.id === props.active}
          aria-controls={`panel-${t.id}`}
          tabIndex={t.id === props.active ? 0 : -1}
          onClick={() => props.onChange(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
