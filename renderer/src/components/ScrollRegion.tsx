import type { ReactNode } from 'react';

/**
 * A region that scrolls sideways on its own when its content (a wide table) is wider than the main area, so the page
 * never does (WCAG 1.4.10). Focusable, so arrow keys scroll it; named for screen readers.
 */
export function ScrollRegion(props: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={props.label} tabIndex={0}>
      {props.children}
    </div>
  );
}
