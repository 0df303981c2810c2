/** The two live regions every form has: a polite status for progress and results, an alert for errors. */
export function FormMessages({ status, error }: { status: string; error: string }) {
  return (
    <>
      <p role="status" className="status-message">
        {status}
      </p>
      <p role="alert" className="error-message">
        {error}
      </p>
    </>
  );
}
