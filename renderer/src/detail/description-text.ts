import type { AltTextHint } from '../../../contract/alt-text-hints';

const levelWord: Record<AltTextHint['level'], string> = { error: 'Error', warning: 'Warning' };

/** The key that says whether the hints have changed since they were last spoken. */
export function hintsKey(hints: readonly AltTextHint[]): string {
  return hints.map((hint) => hint.message).join('\n');
}

/**
 * What the polite live region says once typing pauses: the length, and the hints when they changed since
 * they were last spoken (a length hint then stands in for the length).
 */
export function spokenDescriptionText(
  length: number,
  hints: readonly AltTextHint[],
  hintsChanged: boolean,
): string {
  if (!hintsChanged) return `Length: ${length} characters.`;
  if (hints.length === 0) return `Length: ${length} characters. No more hints.`;
  const saysLength = hints.some((hint) => hint.code === 'long' || hint.code === 'too-long');
  const said = hints.map((hint) => `${levelWord[hint.level]}: ${hint.message}`).join(' ');
  return saysLength ? said : `Length: ${length} characters. ${said}`;
}
