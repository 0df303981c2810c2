import type { ImageDetail } from '../../../contract/api';
import { fieldName, foundInFileSummary } from './found-in-file';

/**
 * The alt text and descriptions found in the file or a sidecar when it was scanned: each with its field,
 * language and where it came from, and whether it disagrees (said in words, never by colour alone).
 */
export function FoundInFile({ image }: { image: ImageDetail }) {
  const { summary, items } = foundInFileSummary(image);
  return (
    <section className="found-in-file" aria-labelledby="found-heading">
      <h3 id="found-heading">Found in the file</h3>
      <p>{summary}</p>
      {items.length > 0 && (
        <ul className="found-list">
          {items.map(({ found, note, differs }, index) => (
            <li
              key={`${found.source}|${found.field}|${found.lang}|${index}`}
              data-differs={differs || undefined}
            >
              <p className="found-value">“{found.value}”</p>
              <p className="found-meta">
                {fieldName(found.field)}, language {found.lang}, from {found.source}
              </p>
              {note && <p className="found-note">{note}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
