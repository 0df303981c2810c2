import { useId } from 'react';
import type { ImageDetail } from '../../../contract/api';
import { provenanceFacts } from './provenance-text';

/** Which prompt settings and which context made a generated description (shown under how it was made). */
export function Provenance({ image }: { image: ImageDetail }) {
  const headingId = useId();
  const provenance = image.generatedBy?.provenance;
  if (!provenance) return null;
  const facts = provenanceFacts(provenance);
  return (
    <>
      {provenance.cutToLength && image.descriptionSource === 'model' && (
        <p className="alt-hints" data-hint="cut-to-length">
          <span className="alt-hint-level">Hint:</span> The model&apos;s text was longer than{' '}
          {provenance.maxLength} characters and was cut at the end of a sentence: check that it still says
          what matters.
        </p>
      )}
      <p>{facts.summary}</p>
      {facts.context.length > 0 && (
        <>
          <p id={headingId}>Context given to the model:</p>
          <ul className="provenance-list" aria-labelledby={headingId}>
            {facts.context.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
