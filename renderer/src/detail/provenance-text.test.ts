import { describe, expect, it } from 'vitest';
import { provenanceFacts } from './provenance-text';

const base = {
  prompted: true,
  maxLength: 90,
  language: 'de',
  allowIdentity: false,
  context: [],
  retriedShorter: false,
  cutToLength: false,
};

describe('provenanceFacts', () => {
  it('says the prompt settings in words, with the language named', () => {
    expect(provenanceFacts(base)).toEqual({
      summary:
        'Prompt: one sentence of at most 90 characters in German (de), no guesses about gender, age, ' +
        'ethnicity or identity; no context.',
      context: [],
    });
  });

  it('lists the context given, and says when the model was asked again', () => {
    const facts = provenanceFacts({
      ...base,
      language: 'en',
      allowIdentity: true,
      retriedShorter: true,
      context: [{ label: "Note from the photo's owner", value: 'Lisbon, 2024' }],
    });
    expect(facts.summary).toBe(
      'Prompt: one sentence of at most 90 characters in English (en), gender, age, ethnicity and names ' +
        'allowed by the folder; with the context below. The first answer was too long, so it was asked again.',
    );
    expect(facts.context).toEqual(["Note from the photo's owner: “Lisbon, 2024”"]);
  });

  it('says a model without a prompt used no style or context', () => {
    expect(provenanceFacts({ ...base, prompted: false, cutToLength: true }).summary).toBe(
      'This model takes no written prompt, so the style settings and context were not used; its text was ' +
        'cut to 90 characters.',
    );
  });

  it('says when the photo was sent to a model provider for the description', () => {
    const remote = {
      kind: 'ollama' as const,
      destination: 'Ollama at http://127.0.0.1:11434',
      provider: 'home',
      model: 'llava',
    };
    expect(provenanceFacts({ ...base, remote }).summary).toMatch(
      / The photo was sent to Ollama at http:\/\/127\.0\.0\.1:11434 \(model llava\) for it\.$/,
    );
    expect(provenanceFacts(base).summary).not.toContain('sent to');
  });
});
