import { ALT_TEXT_MAX_LENGTH } from '../ocr/alt-text-merge.js';
import { plainWords, MetadataWriteError } from './errors.js';
import { valueAt, type TagSnapshot } from './tag-snapshot.js';
import type { MetadataValues } from './types.js';

/** One tag to write, by the name exiftool writes it under, with the key a full read shows it under. */
export interface PlannedTag {
  /** e.g. `XMP-iptcCore:AltTextAccessibility-x-default`, `EXIF:ImageDescription`. */
  readonly name: string;
  /** e.g. `XMP-iptcCore:AltTextAccessibility`, `IFD0:ImageDescription`. */
  readonly readKey: string;
  /** null: delete the tag (an undo of a tag that did not exist). */
  readonly value: string | null;
}

/** The key a full read (`-a -G1`) shows a written tag under. */
export function readKeyOf(name: string): string {
  return name.replace(/-x-default$/i, '').replace(/^EXIF:/, 'IFD0:');
}

export function plannedTag(name: string, value: string | null): PlannedTag {
  return { name, readKey: readKeyOf(name), value };
}

const LANGUAGE = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/;
// Control characters other than a newline or a tab: XML turns a carriage return into a newline, and the
// others cannot be stored in XMP at all, so the value would not read back exactly.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

export interface CheckedValues {
  readonly altText: string;
  readonly extDescription: string | null;
  readonly description: string;
  readonly language: string | null;
}

/** The values to write, checked: alt text present and at most 250 characters, no control characters. */
export function checkValues(values: MetadataValues, language: string | null | undefined): CheckedValues {
  const invalid = (message: string) => new MetadataWriteError('invalid-values', message);
  const { altText } = values;
  if (typeof altText !== 'string' || altText.trim() === '') throw invalid('The alt text is empty.');
  if (altText.length > ALT_TEXT_MAX_LENGTH)
    throw invalid(
      `Alt text may be at most ${ALT_TEXT_MAX_LENGTH} characters; this one has ${altText.length}. ` +
        'Put the rest in the extended description.',
    );
  const extDescription = values.extDescription?.trim() ? values.extDescription : null;
  const description = values.description?.trim() ? values.description : altText;
  for (const [label, text] of [
    ['alt text', altText],
    ['extended description', extDescription],
    ['description', description],
  ] as const) {
    const control = text === null ? null : CONTROL.exec(text);
    if (control) throw invalid(plainWords.controlCharacter(label, control[0]));
  }
  const lang = language?.trim() ? language.trim() : null;
  if (lang !== null && lang.toLowerCase() !== 'x-default' && !LANGUAGE.test(lang))
    throw invalid(`"${lang}" is not a language code (e.g. "en" or "fr-CA").`);
  return {
    altText,
    extDescription,
    description,
    language: lang === null || lang.toLowerCase() === 'x-default' ? null : lang,
  };
}

/**
 * The language alternative of one tag: the language itself when there is one, and x-default as well where
 * the file has no x-default yet, where its x-default is the same text as that language's (it mirrored
 * it), or when no language is named. Writing German after English thus keeps the English x-default.
 */
function langAlt(
  tag: string,
  value: string,
  language: string | null,
  before: TagSnapshot | null,
): { tags: PlannedTag[]; setsDefault: boolean } {
  const setsDefault = language === null || defaultFollows(tag, language, before);
  const tags = setsDefault ? [plannedTag(`${tag}-x-default`, value)] : [];
  if (language) tags.push(plannedTag(`${tag}-${language}`, value));
  return { tags, setsDefault };
}

function defaultFollows(tag: string, language: string, before: TagSnapshot | null): boolean {
  if (before === null) return true;
  const current = valueAt(before, tag);
  return current === null || current === valueAt(before, `${tag}-${language}`);
}

export interface PlanTarget {
  /** Where the tags go: an XMP sidecar holds only XMP. */
  readonly kind: 'image' | 'sidecar';
  readonly holdsExif: boolean;
  /** The target file's tags before the write (null: a sidecar that does not exist yet). */
  readonly before: TagSnapshot | null;
  readonly descriptionFields: boolean;
  readonly displayName: string;
}

/** The tags to write into one file or sidecar (DESIGN §4), by name, never through MWG composites. */
export function planTags(values: CheckedValues, target: PlanTarget): PlannedTag[] {
  const { language } = values;
  const { before } = target;
  const tags = [...langAlt('XMP-iptcCore:AltTextAccessibility', values.altText, language, before).tags];
  if (values.extDescription !== null)
    tags.push(...langAlt('XMP-iptcCore:ExtDescrAccessibility', values.extDescription, language, before).tags);
  if (!target.descriptionFields) return tags;
  const description = langAlt('XMP-dc:Description', values.description, language, before);
  tags.push(...description.tags);
  // EXIF and IPTC hold one language: they follow x-default, and keep theirs when x-default stays.
  if (target.kind === 'sidecar' || !description.setsDefault) return tags;
  if (target.holdsExif) tags.push(plannedTag('EXIF:ImageDescription', values.description));
  if (before && hasIptc(before)) tags.push(...iptcTags(values.description, target));
  return tags;
}

function hasIptc(snapshot: TagSnapshot): boolean {
  return Object.keys(snapshot).some((key) => key.startsWith('IPTC:'));
}

const CHARSET_TAG = 'IPTC:CodedCharacterSet';

/**
 * `IPTC:Caption-Abstract` where IPTC already exists, in UTF-8: IPTC without `CodedCharacterSet=UTF8` (none,
 * or another, such as ISO-8859-1's `ESC . A`) is read and written as Latin-1, which has no place for most
 * characters, so such IPTC is marked UTF-8, and what it holds is written again in UTF-8 (see
 * {@link reencodesIptc}); the write's verification then sees every IPTC value read back unchanged.
 */
function iptcTags(description: string, target: PlanTarget): PlannedTag[] {
  const tags = [plannedTag('IPTC:Caption-Abstract', description)];
  if (target.before?.[CHARSET_TAG] === 'UTF8') return tags;
  return [...tags, plannedTag(CHARSET_TAG, 'UTF8')];
}

/**
 * Whether writing `tags` into a file (whose tags were `before`) changes the character set of its IPTC
 * (writes or deletes `CodedCharacterSet`) while its IPTC holds text beyond ASCII: every IPTC value must then be
 * written again in the new character set (exiftool: `-tagsFromFile @ -IPTC:all`), or it would read back
 * mangled (`Montréal` as `MontrÃ©al`, or the other way round). ASCII is the same in either.
 */
export function reencodesIptc(tags: readonly PlannedTag[], before: TagSnapshot | null): boolean {
  if (!before || !tags.some((tag) => tag.name === CHARSET_TAG)) return false;
  return Object.entries(before).some(
    // eslint-disable-next-line no-control-regex
    ([key, value]) => key.startsWith('IPTC:') && /[^\u0000-\u007f]/.test(value),
  );
}
