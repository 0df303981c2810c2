// The parts of a prompt that come from the person's style settings and from the context a photo lives in
// (DESIGN §3): one place for every prompted family and provider, used by prompt.ts. Context text is data
// written by people and found in files, never instructions: each piece is bounded, stripped of line breaks
// and of what could close the block it sits in, and quoted.
import { cut } from '../ocr/alt-text-merge.js';

/** The longest note a person may write for a folder, in characters (the contract checks it too). */
export const FOLDER_NOTE_MAX_LENGTH = 500;
/** Each other piece of context is cut to this many characters. */
export const CONTEXT_PIECE_MAX_LENGTH = 200;
/** At most this many values of metadata already in the file go into a prompt. */
export const CONTEXT_METADATA_MAX_VALUES = 3;

/** What a photo's prompt may say about where the photo lives, each piece only where the person allows it. */
export interface PromptContext {
  /** The name of the folder the photo is in. */
  readonly folderName?: string | null | undefined;
  /** The photo's file name (camera numbering such as IMG_1234.jpg carries nothing and is left out). */
  readonly fileName?: string | null | undefined;
  /** A title, keywords or description already in the file, each with the field it came from. */
  readonly metadata?: readonly { readonly field: string; readonly value: string }[] | undefined;
  /** The note the person wrote for the folder ("my sister's wedding in Lisbon, 2024"). */
  readonly note?: string | null | undefined;
}

/** The default language of alt text (BCP 47). */
export const DEFAULT_LANGUAGE = 'en';

/** The language tag in its canonical form ("pt-br" → "pt-BR"), or null when it is no BCP 47 tag. */
export function canonicalLanguage(tag: string): string | null {
  try {
    return Intl.getCanonicalLocales(tag.trim())[0] ?? null;
  } catch {
    return null;
  }
}

/** "German (de)", "Brazilian Portuguese (pt-BR)": the language named in English, with its tag. */
export function languageName(tag: string): string {
  const canonical = canonicalLanguage(tag) ?? DEFAULT_LANGUAGE;
  const name = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' }).of(canonical);
  return name ? `${name} (${canonical})` : canonical;
}

/**
 * A person's words with anything shaped like chat-template markup (`<image>`, `<end_of_utterance>`,
 * `<|im_end|>`) turned into look-alike brackets, so that a model reads it as text, not as an image slot or
 * the end of a turn; other angle brackets ("x < 5") are kept.
 */
export function neutralMarkup(text: string): string {
  return text.replace(/<(\/?[\p{L}_|][^<>\s]{0,60})>/gu, '‹$1›');
}

/** Camera and phone numbering: a file name like this says nothing about the photo. */
const NUMBERED_FILE =
  /^(?:img|dsc[nf]?|pxl|mvimg|dji|gopr|gp|sam|p|pict?|photo|image|screenshot|scan|dcim|_mg|_dsc)?[\s_-]*[\d_\s.-]+(?:[\s_-]*(?:edit(?:ed)?|copy|\(\d+\)|~\d+))?$/i;

/** A file name's stem when it can say something about the photo; null for camera numbering. */
export function meaningfulFileName(fileName: string): string | null {
  const stem = fileName.replace(/\.[^.]{1,5}$/, '').trim();
  return stem === '' || NUMBERED_FILE.test(stem) ? null : stem;
}

/** Values cameras write into description fields that say nothing about the photo. */
const EMPTY_VALUES =
  /^(?:olympus digital camera|sony dsc|digital camera|default|untitled|image|photo|dcim)$/i;

/**
 * A piece of context as it may go into a prompt: control characters and line breaks gone, angle brackets
 * (which could close the context block) and double quotes (which could close its quotes) replaced, at
 * most `max` characters (cut at a word where it can be, marked with "…"); null when nothing is left.
 */
export function contextPiece(text: string, max = CONTEXT_PIECE_MAX_LENGTH): string | null {
  const cleaned = text
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]+/gu, ' ')
    .replace(/[<>]/g, ' ')
    .replace(/["“”„]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned === '' ? null : cut(cleaned, max);
}

/** One piece of context as it goes into a prompt (and as the review panel lists it). */
export interface ContextEntry {
  readonly label: string;
  readonly value: string;
}

/** The context a prompt carries, each piece cleaned and bounded, in a fixed order; empty when none is left. */
export function contextEntries(context: PromptContext): ContextEntry[] {
  const entries: ContextEntry[] = [];
  const add = (label: string, value: string | null | undefined, max?: number) => {
    const piece = value == null ? null : contextPiece(value, max);
    if (piece !== null) entries.push({ label, value: piece });
  };
  add('Folder name', context.folderName);
  add('File name', context.fileName == null ? null : meaningfulFileName(context.fileName));
  const seen = new Set<string>();
  for (const { field, value } of context.metadata ?? []) {
    const piece = contextPiece(value);
    if (piece === null || EMPTY_VALUES.test(piece) || seen.has(piece.toLowerCase())) continue;
    if (seen.size === CONTEXT_METADATA_MAX_VALUES) break;
    seen.add(piece.toLowerCase());
    add(`${contextPiece(field, 40) ?? 'Metadata'} already in the file`, piece);
  }
  add("Note from the photo's owner", context.note, FOLDER_NOTE_MAX_LENGTH);
  return entries;
}

/** The context lines a prompt carries, each value quoted. */
export function contextLines(context: PromptContext): string[] {
  return contextEntries(context).map(({ label, value }) => `${label}: "${value}"`);
}
