import { routeHref } from '../app/useRoute';
import type { Failure } from './failures';

/** Photos whose job failed, each with why and a link to review it. */
export function FailureList({ label, items }: { label: string; items: Failure[] }) {
  if (items.length === 0) return null;
  return (
    <ul className="failure-list" aria-label={label}>
      {items.map((item) => (
        <li key={item.id}>
          <a href={routeHref({ name: 'review', id: item.id })}>{item.fileName}</a>: {item.reason}
        </li>
      ))}
    </ul>
  );
}
