import type { Timings } from '../../../shared/request';
import { formatMs } from '../lib/format';

type Phase = keyof Timings;

const phases: { key: Phase; label: string }[] = [
  { key: 'dnsMs', label: 'DNS' },
  { key: 'connectMs', label: 'Connect' },
  { key: 'tlsMs', label: 'TLS' },
  { key: 'firstByteMs', label: 'First byte' },
  { key: 'totalMs', label: 'Total' },
];

const isIpLiteral = (host: string) => /^[\d.]+$/.test(host) || host.startsWith('[');

/** Why a phase took no time: the plain reason when the URL shows it, else a reused keep-alive connection. */
function skippedBecause(phase: Phase, url: string, failed: boolean): string {
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    // A URL the engine could not parse has no phases to explain.
  }
  if (phase === 'tlsMs' && parsed?.protocol === 'http:') return 'plain http: no TLS';
  if (failed) return 'not reached: the request failed';
  if (phase === 'dnsMs' && parsed && isIpLiteral(parsed.hostname)) return 'IP address: no DNS lookup';
  return 'reused connection';
}

/** Phase timings; a phase that did not happen shows "—" with the reason (e.g. a reused connection). */
export function TimingsTable({ timings, url, failed }: { timings: Timings; url: string; failed: boolean }) {
  return (
    <table className="table timings">
      <caption>Timings</caption>
      <thead>
        <tr>
          {phases.map((p) => (
            <th key={p.key} scope="col">
              {p.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        <tr>
          {phases.map((p) => {
            const v = timings[p.key];
            if (v !== null) return <td key={p.key}>{formatMs(v)}</td>;
            const why = skippedBecause(p.key, url, failed);
            return (
              <td key={p.key} title={why}>
                — <span className="visually-hidden">({why})</span>
              </td>
            );
          })}
        </tr>
      </tbody>
    </table>
  );
}
