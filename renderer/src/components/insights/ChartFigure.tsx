import { useId, type ReactNode } from 'react';

/**
 * A chart with its heading and a one-sentence summary that is also its text alternative. When `empty` is set, the
 * message replaces the chart (an empty chart says nothing).
 */
export function ChartFigure(props: { title: string; summary: string; empty?: string | null; children: ReactNode }) {
  const id = useId();
  return (
    <figure className="chart" aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`}>
      <h3 id={`${id}-title`}>{props.title}</h3>
      <p id={`${id}-summary`} className="hint">
        {props.summary}
      </p>
      {props.empty ? <p className="chart-empty">{props.empty}</p> : <div className="chart-body">{props.children}</div>}
    </figure>
  );
}
