import type { AltTextHint } from '../../../contract/alt-text-hints';

export const levelText: Record<AltTextHint['level'], string> = { error: 'Error', warning: 'Warning' };

/**
 * The hints about the alt text as it is now, shown under the field and tied to it with aria-describedby.
 * Not a live region: it changes on every key. The form speaks a summary once typing pauses.
 */
export function AltTextHintList({ id, hints }: { id: string; hints: AltTextHint[] }) {
  return (
    <div id={id} className="alt-hints">
      {hints.length > 0 && (
        <ul>
          {hints.map((hint) => (
            <li key={hint.code} data-level={hint.level}>
              <span className="alt-hint-level">{levelText[hint.level]}:</span> {hint.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
