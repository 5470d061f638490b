import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { histogramBuckets } from '../../lib/insights';
import { ChartFigure } from './ChartFigure';

/** How a profile's request times are distributed over the fixed latency buckets. */
export function LatencyHistogram({ profile, counts }: { profile: string; counts: number[] }) {
  const buckets = histogramBuckets(counts);
  const summary = buckets
    .filter((b) => b.count > 0)
    .map((b) => `${b.count} ${b.bucket}`)
    .join(', ');
  return (
    <ChartFigure title="Latency histogram" summary={`Requests of ${profile} by total time: ${summary}.`}>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={buckets} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid vertical={false} stroke="#e5e7eb" />
          <XAxis dataKey="bucket" interval={0} tick={{ fontSize: 11 }} />
          <YAxis allowDecimals={false} width={36} />
          <Tooltip cursor={{ fill: '#f1f4fa' }} />
          <Bar dataKey="count" name="Requests" fill="#2f5fd0" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
