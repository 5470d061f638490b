/**
 * A live region that announces an error message; renders nothing visible when there is none. `id` lets the field the
 * message is about point at it (aria-describedby).
 */
export function ErrorAlert({ message, id }: { message: string | null; id?: string }) {
  return (
    <div role="alert" className="alert" id={id}>
      {message}
    </div>
  );
}
