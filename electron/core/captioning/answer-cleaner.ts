// The one answer cleaner for every prompted model and provider (DESIGN §3): what a model wraps around its
// answer is removed, so that only the description is left; fitToLength keeps it within the length limit.
import { cut } from '../ocr/alt-text-merge.js';

export interface CleanOptions {
  /** The model was stopped at its token limit: its last sentence may be cut off. */
  readonly stoppedAtTokenLimit: boolean;
}

const PREAMBLE =
  /^(?:(?:sure|certainly|of course|okay|ok)\b[!,.]?\s*)?(?:(?:here(?:'s| is)|below is)\b[^:\n]{0,80}?:\s*|(?:alt[- ]text|caption|description)\s*:\s*)/i;
/** "The image shows…", "In this photo, …", "An image of…": alt text starts with its subject. */
const IMAGE_OPENING =
  /^(?:(?:this|the)\s+(?:image|photo(?:graph)?|picture)\s+(?:shows|depicts|features|contains|captures|is of)\s+|in\s+(?:this|the)\s+(?:image|photo(?:graph)?|picture),?\s+|(?:an?\s+)?(?:image|photo(?:graph)?|picture)\s+of\s+)/i;
const QUOTE_PAIRS: readonly [string, string][] = [
  ['"', '"'],
  ['“', '”'],
  ["'", "'"],
  ['‘', '’'],
  ['«', '»'],
];
const SENTENCE_END = /[.!?…]["'”’»)]*$/;

const HEADING = /^\s*#{1,6}\s+/;

/**
 * Markdown a model adds around plain text: list markers, emphasis, code marks, and headings (a heading
 * above other lines is a title, "## Alt text", and goes; a heading alone is the answer).
 */
function stripMarkdown(text: string): string {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const body = lines.some((line) => !HEADING.test(line))
    ? lines.filter((line) => !HEADING.test(line))
    : lines;
  return body
    .map((line) =>
      line
        .replace(HEADING, '')
        .replace(/^\s*(?:[-*+•]|\d+[.)])\s+/, '')
        .replace(/(\*\*|__)(.+?)\1/g, '$2')
        .replace(/(^|[\s(])[*_]([^*_\n]+)[*_](?=[\s).,;:!?]|$)/g, '$1$2')
        .replace(/`([^`]*)`/g, '$1'),
    )
    .join(' ');
}

function unwrapQuotes(text: string): string {
  for (const [open, close] of QUOTE_PAIRS) {
    const inner = text.slice(open.length, -close.length);
    if (text.length > 2 && text.startsWith(open) && text.endsWith(close) && !inner.includes(close)) {
      return inner.trim();
    }
  }
  return text;
}

function dropImageOpening(text: string): string {
  const rest = text.replace(IMAGE_OPENING, '');
  if (rest === text || rest === '') return text;
  const [first = '', ...others] = Array.from(rest);
  return first.toLocaleUpperCase() + others.join('');
}

/** The text up to its last full sentence, when it has one; else the text as it is. */
function dropCutOffSentence(text: string): string {
  if (SENTENCE_END.test(text)) return text;
  const ends = [...text.matchAll(/[.!?…]["'”’»)]*(?=\s)/g)];
  const last = ends.at(-1);
  return last?.index === undefined ? text : text.slice(0, last.index + last[0].length);
}

/**
 * The description in a model's answer: no preamble, markdown, wrapping quotes, "the image shows" opening or
 * cut-off last sentence.
 */
export function cleanAnswer(answer: string, { stoppedAtTokenLimit }: CleanOptions): string {
  let text = stripMarkdown(answer).replace(/\s+/g, ' ').trim();
  text = text.replace(PREAMBLE, '').trim();
  text = unwrapQuotes(text);
  text = dropImageOpening(text);
  if (stoppedAtTokenLimit) text = dropCutOffSentence(text);
  return text;
}

export interface FittedAnswer {
  readonly text: string;
  /** The text was longer than the limit and was cut (at a sentence end where one fits, else at a word). */
  readonly cut: boolean;
}

/**
 * The answer within `limit` characters: as it is when it fits; else its whole sentences that fit; else (one
 * long sentence) cut at a word with "…". Lengths count Unicode code points.
 */
export function fitToLength(text: string, limit: number): FittedAnswer {
  if (Array.from(text).length <= limit) return { text, cut: false };
  const ends = [...text.matchAll(/[.!?…]["'”’»)]*(?=\s|$)/g)]
    .map((end) => (end.index ?? 0) + end[0].length)
    .filter((end) => Array.from(text.slice(0, end)).length <= limit);
  const last = ends.at(-1);
  return { text: last === undefined ? cut(text, limit) : text.slice(0, last), cut: true };
}
