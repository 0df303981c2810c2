import { routeHref } from '../app/useRoute';
import type { Failures } from './useFailures';

/** Photos whose job failed (the newest), each with why and a link to review it, and how many in all. */
export function FailureList({ label, failures }: { label: string; failures: Failures | null }) {
  if (!failures || failures.failures.length === 0) return null;
  const more = failures.total - failures.failures.length;
  return (
    <>
      <ul className="failure-list" aria-label={label}>
        {failures.failures.map((item) => (
          <li key={item.imageId}>
            <a href={routeHref({ name: 'review', id: item.imageId })}>{item.fileName}</a>: {item.reason}
          </li>
        ))}
      </ul>
      {more > 0 && <p>And {more} more (the newest are listed).</p>}
    </>
  );
}
