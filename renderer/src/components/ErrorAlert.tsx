/** A live region that announces an error message; renders nothing visible when there is none. */
export function ErrorAlert({ message }: { message: string | null }) {
  return (
    <div role="alert" className="alert">
      {message}
    </div>
  );
}
