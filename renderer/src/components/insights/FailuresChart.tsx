import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ProfileMetrics } from '../../../../shared/metrics';
import { failureReasons } from '../../../../shared/request';
import { failureLabels } from '../../lib/format';
import { failureColors, failureRows } from '../../lib/insights';
import { ChartFigure } from './ChartFigure';

/** Failed attempts before each profile's first 2xx, stacked by reason: where new users get stuck. */
export function FailuresChart({ profiles }: { profiles: ProfileMetrics[] }) {
  const { rows, reasons } = failureRows(profiles, failureReasons);
  const summary = rows
    .map((r) => `${r.profile}: ${reasons.filter((k) => r[k]).map((k) => `${failureLabels[k]} ×${r[k]}`).join(', ')}`)
    .join('; ');
  return (
    <ChartFigure
      title="Failures before the first success"
      summary={rows.length ? `Why requests failed before a profile first worked. ${summary}.` : 'Why requests failed before a profile first worked.'}
      empty={rows.length ? null : profiles.some((p) => p.firstRequestAt !== null) ? 'No failed attempts before a first success.' : 'No requests sent yet.'}
    >
      <ResponsiveContainer width="100%" height={Math.max(130, 44 * rows.length + 80)}>
        <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid horizontal={false} stroke="#e5e7eb" />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="profile" width={130} />
          <Tooltip cursor={{ fill: '#f1f4fa' }} />
          <Legend />
          {reasons.map((r) => (
            <Bar key={r} dataKey={r} name={failureLabels[r]} stackId="failures" fill={failureColors[r]} isAnimationActive={false} maxBarSize={28} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
