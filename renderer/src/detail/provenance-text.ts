import type { CaptionProvenance } from '../../../contract/style';

/** Languages named in English where the browser knows them ("German (de)"), else the tag. */
function languageText(tag: string): string {
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' }).of(tag);
    return name ? `${name} (${tag})` : tag;
  } catch {
    return tag;
  }
}

/** A description's provenance in words: one summary sentence and the context lines it was given. */
export function provenanceFacts(provenance: CaptionProvenance): { summary: string; context: string[] } {
  if (!provenance.prompted) {
    return {
      summary:
        'This model takes no written prompt, so the style settings and context were not used' +
        (provenance.cutToLength ? `; its text was cut to ${provenance.maxLength} characters.` : '.'),
      context: [],
    };
  }
  const identity = provenance.allowIdentity
    ? 'gender, age, ethnicity and names allowed by the folder'
    : 'no guesses about gender, age, ethnicity or identity';
  const retried = provenance.retriedShorter ? ' The first answer was too long, so it was asked again.' : '';
  const remote = provenance.remote
    ? ` The photo was sent to ${provenance.remote.destination} (model ${provenance.remote.model}) for it.`
    : '';
  return {
    summary:
      `Prompt: one sentence of at most ${provenance.maxLength} characters in ` +
      `${languageText(provenance.language)}, ${identity}; ` +
      `${provenance.context.length === 0 ? 'no context.' : 'with the context below.'}${retried}${remote}`,
    context: provenance.context.map(({ label, value }) => `${label}: “${value}”`),
  };
}
