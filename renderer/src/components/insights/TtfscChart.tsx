import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDuration, type ProfileMetrics } from '../../../../shared/metrics';
import { ChartFigure } from './ChartFigure';

const duration = (v: unknown) => formatDuration(typeof v === 'number' ? v : Number(v));

/**
 * Time to first successful call per profile: bars labelled with the duration (an axis of rounded durations would
 * repeat itself), with the profiles still waiting for one named below.
 */
export function TtfscChart({ profiles }: { profiles: ProfileMetrics[] }) {
  const done = profiles.filter((p) => p.ttfscMs !== null).map((p) => ({ profile: p.profile, ttfscMs: p.ttfscMs ?? 0 }));
  const waiting = profiles.filter((p) => p.ttfscMs === null).map((p) => p.profile);
  const summary = done.map((d) => `${d.profile}: ${duration(d.ttfscMs)}`).join(', ');
  return (
    <ChartFigure
      title="Time to first successful call"
      summary={done.length ? `From creating a profile to its first 2xx. ${summary}.` : 'From creating a profile to its first 2xx.'}
      empty={done.length ? null : 'No profile has had a 2xx answer yet: send a request that succeeds.'}
    >
      <ResponsiveContainer width="100%" height={Math.max(80, 44 * done.length + 20)}>
        <BarChart data={done} layout="vertical" margin={{ top: 4, right: 72, bottom: 4, left: 8 }}>
          <CartesianGrid horizontal={false} stroke="#e5e7eb" />
          <XAxis type="number" hide />
          <YAxis type="category" dataKey="profile" width={130} />
          <Tooltip formatter={duration} cursor={{ fill: '#f1f4fa' }} />
          <Bar dataKey="ttfscMs" name="TTFSC" fill="#1b7f46" isAnimationActive={false} maxBarSize={28}>
            <LabelList dataKey="ttfscMs" position="right" fill="#1d2330" formatter={duration} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      {waiting.length > 0 && <p className="hint">Not yet: {waiting.join(', ')}.</p>}
    </ChartFigure>
  );
}
