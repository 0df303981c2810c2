/**
 * Alt text from a caption and the text found in the image (DESIGN §3). WCAG: an image of text carries the
 * text, so confident OCR text is quoted in the alt text. Alt text aims for ≤ 125 characters and is never
 * over 250.
 */

/** Alt text is never longer than this many characters. */
export const ALT_TEXT_MAX_LENGTH = 250;
/** Alt text aims to be no longer than this. */
export const ALT_TEXT_TARGET_LENGTH = 125;

const ELLIPSIS = '…';
/** An excerpt shorter than this is not worth cutting down to the target length for. */
const MIN_EXCERPT = 24;

export interface MergeOptions {
  maxLength?: number;
  targetLength?: number;
}

/**
 * One readable sentence: `A red sign on a wall, reading "EXIT ONLY".`
 *
 * - The caption is tidied: whitespace collapsed, first letter capitalised, one full stop at the end.
 * - The text is quoted with straight double quotes; double quotes inside it become single ones; trailing
 *   `.,;:` inside the quotes is dropped and a text ending in `!` or `?` ends the sentence itself.
 * - An empty text leaves the caption alone (tidied); a text the caption already contains is not repeated;
 *   an empty caption gives `Text reading "…".`
 * - Length: a text that fits whole within `maxLength` (250) is kept whole (it is the image's content). A
 *   longer one is already an excerpt, so it is cut at a word boundary with "…" to fit `targetLength` (125)
 *   where that leaves a useful excerpt, else to fit `maxLength`. The full text belongs in the extended
 *   description. The result is never longer than `maxLength`.
 *
 * Lengths count Unicode code points.
 */
export function mergeTextIntoAltText(caption: string, ocrText: string, options: MergeOptions = {}): string {
  const maxLength = options.maxLength ?? ALT_TEXT_MAX_LENGTH;
  const targetLength = Math.min(options.targetLength ?? ALT_TEXT_TARGET_LENGTH, maxLength);
  const base = tidyCaption(caption);
  const text = tidyQuotedText(ocrText);

  // No letters or digits (stray punctuation), or a text the caption already quotes: the caption alone.
  if (fold(text).trim() === '' || (base !== '' && fold(base).includes(fold(text)))) {
    return finishSentence(base, maxLength);
  }

  const prefix = base === '' ? 'Text reading "' : `${base}, reading "`;
  const build = (quoted: string): string => `${prefix}${quoted}"${endsSentence(quoted) ? '' : '.'}`;

  const whole = build(text);
  if (length(whole) <= maxLength) return whole;

  // The room left for the quoted text, with its closing quote and full stop.
  const room = (limit: number): number => limit - length(prefix) - 2;
  const targetRoom = room(targetLength);
  const limitRoom = targetRoom >= MIN_EXCERPT ? targetRoom : room(maxLength);
  // A caption this long leaves no room for a useful excerpt: the caption alone.
  if (limitRoom < MIN_EXCERPT / 2) return finishSentence(base, maxLength);
  return build(cut(text, limitRoom));
}

/** Whitespace collapsed, first letter capitalised, trailing punctuation removed (added back later). */
function tidyCaption(caption: string): string {
  const collapsed = collapse(caption).replace(/[\s.,;:]+$/u, '');
  return capitaliseFirst(collapsed);
}

/** The OCR text as it goes inside the quotes. */
function tidyQuotedText(text: string): string {
  let tidied = collapse(text.normalize('NFKC'));
  // A text quoted as a whole loses those quotes; quotes inside become single quotes.
  const wholeQuoted = /^["“”„‟«»]([^"“”„‟«»]*)["“”„‟«»]$/u.exec(tidied);
  if (wholeQuoted) tidied = (wholeQuoted[1] ?? '').trim();
  tidied = tidied.replace(/["“”„‟«»]/gu, "'");
  return tidied.replace(/[\s.,;:]+$/u, '');
}

/** The caption as one sentence ending in a full stop (kept within `maxLength`). */
function finishSentence(base: string, maxLength: number): string {
  if (base === '') return '';
  // A caption already cut short ends with its ellipsis.
  const sentence = endsSentence(base) || base.endsWith(ELLIPSIS) ? base : `${base}.`;
  if (length(sentence) <= maxLength) return sentence;
  return cut(base, maxLength);
}

function endsSentence(text: string): boolean {
  return /[.!?]$/u.test(text);
}

/**
 * `text` shortened to at most `max` code points, at a word boundary where there is one in the second half,
 * with "…" at the end.
 */
export function cut(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  if (max <= 1) return ELLIPSIS.slice(0, Math.max(0, max));
  const head = chars.slice(0, max - 1);
  const boundary = head.lastIndexOf(' ');
  // Only cut at a space when the next word was the one that did not fit.
  const atWord = chars[max - 1] === ' ' ? head : boundary >= max / 2 ? head.slice(0, boundary) : head;
  return `${atWord.join('').replace(/[\s.,;:!?'"-]+$/u, '')}${ELLIPSIS}`;
}

function capitaliseFirst(text: string): string {
  const [first = '', ...rest] = Array.from(text);
  return first.toLocaleUpperCase('en') + rest.join('');
}

function collapse(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** For "does the caption already say it": words only, case ignored, padded so whole words match. */
function fold(text: string): string {
  const words = text
    .normalize('NFKC')
    .toLocaleLowerCase('en')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return ` ${words} `;
}

function length(text: string): number {
  return Array.from(text).length;
}
