import { Bar, BarChart, CartesianGrid, Cell, LabelList, Rectangle, ResponsiveContainer, Tooltip, XAxis, YAxis, type BarShapeProps } from 'recharts';
import type { FunnelStep } from '../../lib/insights';
import { ChartFigure } from './ChartFigure';

const shades = ['#9db4ea', '#6f90de', '#4571d6', '#1b7f46'];

/**
 * The default bar, given as a custom shape: Recharts drops a bar of zero width, and its "0 of N" label with it, unless
 * the bar has a shape of its own. With this one a step no profile reached still reads "0 of N" like the others.
 */
const barShape = (props: BarShapeProps) => <Rectangle {...props} />;

/** The workspace onboarding funnel as horizontal bars: how many profiles reached each step, each labelled "n of N". */
export function FunnelChart({ steps }: { steps: FunnelStep[] }) {
  const total = steps[0]?.count ?? 0;
  const summary = steps.map((s) => `${s.step}: ${s.count}`).join(' → ');
  return (
    <ChartFigure title="Onboarding funnel" summary={`How far the workspace's profiles got. ${summary}.`}>
      <ResponsiveContainer width="100%" height={190}>
        <BarChart data={steps} layout="vertical" margin={{ top: 4, right: 64, bottom: 4, left: 8 }}>
          <CartesianGrid horizontal={false} stroke="#e5e7eb" />
          <XAxis type="number" allowDecimals={false} domain={[0, Math.max(1, total)]} />
          <YAxis type="category" dataKey="step" width={150} />
          <Tooltip cursor={{ fill: '#f1f4fa' }} />
          <Bar dataKey="count" name="Profiles" isAnimationActive={false} shape={barShape}>
            {steps.map((s, i) => (
              <Cell key={s.step} fill={shades[i] ?? shades[0]} />
            ))}
            <LabelList dataKey="count" position="right" fill="#1d2330" formatter={(v) => `${String(v)} of ${total}`} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
