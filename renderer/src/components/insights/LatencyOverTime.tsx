import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LatencySummary } from '../../../../shared/metrics';
import { formatClock, formatMs } from '../../lib/format';
import { ChartFigure } from './ChartFigure';

const msText = (v: unknown) => formatMs(typeof v === 'number' ? v : Number(v));

/**
 * A profile's recent request times, oldest first, as a line over the request number (1 = the oldest shown); the time
 * of each is in its tooltip. Clock times on the axis would repeat: many requests share a second.
 */
export function LatencyOverTime({ profile, recent }: { profile: string; recent: LatencySummary['recent'] }) {
  const points = recent.map((r, i) => ({ n: i + 1, time: formatClock(r.at), totalMs: r.totalMs }));
  const last = recent[recent.length - 1];
  return (
    <ChartFigure
      title="Latency over time"
      summary={`${recent.length === 1 ? 'The only request' : `The last ${recent.length} requests`} of ${profile}${last ? `; the latest took ${formatMs(last.totalMs)}` : ''}.`}
    >
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid vertical={false} stroke="#e5e7eb" />
          <XAxis dataKey="n" type="number" domain={[1, Math.max(1, points.length)]} allowDecimals={false} tick={{ fontSize: 11 }} minTickGap={24} />
          <YAxis tickFormatter={msText} width={56} />
          <Tooltip formatter={msText} labelFormatter={(n) => `Request ${String(n)} at ${points[Number(n) - 1]?.time ?? ''}`} />
          <Line type="monotone" dataKey="totalMs" name="Total" stroke="#2f5fd0" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
