import type { HeaderPair } from '../../../shared/request';

/** Header name/value pairs as a two-column table. */
export function HeadersTable({ headers, caption }: { headers: HeaderPair[]; caption: string }) {
  return (
    <table className="table headers">
      <caption>{caption}</caption>
      <tbody>
        {headers.length === 0 && (
          <tr>
            <td className="hint">none</td>
          </tr>
        )}
        {headers.map(([name, value], i) => (
          <tr key={i}>
            <th scope="row">{name}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
