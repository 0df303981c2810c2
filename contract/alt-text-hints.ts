// Hints about a piece of alt text (DESIGN §1.2): too long, "image of…", text that looks like a file name,
// empty. Pure and import-free, so the renderer shows them as a person types and the core can check the same
// rules before it writes. Errors block saving and approving; warnings are advice.

export type AltTextHintLevel = 'error' | 'warning';

export type AltTextHintCode =
  'empty' | 'too-long' | 'long' | 'redundant-opening' | 'file-name' | 'decorative-text';

export interface AltTextHint {
  level: AltTextHintLevel;
  code: AltTextHintCode;
  message: string;
}

export interface AltTextHintOptions {
  /** The photo is marked as decorative: it needs no alt text. */
  decorative: boolean;
  /** The image's own file name, e.g. `harbour.jpg`. */
  fileName?: string;
}

/** Screen readers cut or tire on longer text; most guides suggest this many characters at most. */
export const SUGGESTED_ALT_TEXT_LENGTH = 125;
/** Longer than this is not alt text any more: it belongs in the extended description. */
export const MAX_ALT_TEXT_LENGTH = 250;

const IMAGE_EXTENSIONS =
  'jpe?g|jfif|png|gif|webp|heic|heif|avif|jxl|tiff?|bmp|dng|cr2|cr3|nef|nrw|arw|raf|orf|rw2|pef|srw|raw|psd|svg';

/** "Image of", "a photo of", "an image showing", "graphic of"…: the screen reader already says "image". */
const REDUNDANT_OPENING =
  /^[\s"'“‘(]*((?:(?:an?|the)\s+)?(?:image|photo|photograph|picture|pic|graphic)\s+(?:of|showing|shows|depicting|that\s+shows|which\s+shows)\b)/iu;

/** Ends in an image file extension: `IMG_1234.jpg`, `holiday photo.HEIC`. */
const ENDS_WITH_IMAGE_EXTENSION = new RegExp(`\\.(?:${IMAGE_EXTENSIONS})$`, 'iu');

/**
 * One word the way cameras and phones name files: letters then digits (`IMG_1234`, `DSC01234`,
 * `PXL_20230101_123456789`), or a long run of digits (`20230101_123456`).
 */
const CAMERA_FILE_NAME =
  /^(?:[a-z]{1,10}[_-]?\d{3,}|\d{6,})(?:[_-][a-z0-9]+)*(?:\s*\(\d+\))?(?:\.[a-z0-9]{1,5})?$/iu;

function characterCount(text: string): number {
  return [...text].length;
}

/** Lower case, separators as spaces: `Harbour_At-Dawn` and `harbour at dawn` compare equal. */
function normalise(name: string): string {
  return name
    .toLowerCase()
    .replace(/[\s_-]+/gu, ' ')
    .trim();
}

function withoutExtension(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}

function looksLikeFileName(text: string, fileName: string | undefined): boolean {
  // A full stop at the end belongs to the sentence, not to the name.
  const candidate = text.replace(/\.$/u, '');
  if (ENDS_WITH_IMAGE_EXTENSION.test(text) || ENDS_WITH_IMAGE_EXTENSION.test(candidate)) return true;
  if (CAMERA_FILE_NAME.test(candidate)) return true;
  if (fileName?.trim()) {
    const name = normalise(fileName);
    const base = normalise(withoutExtension(fileName.trim()));
    const said = normalise(candidate);
    if (said === name || (base !== '' && said === base)) return true;
  }
  return false;
}

/** What to tell a person about `text` as alt text for a photo; errors first, then warnings. */
export function altTextHints(text: string, options: AltTextHintOptions): AltTextHint[] {
  const trimmed = text.trim();
  if (trimmed === '') {
    return options.decorative
      ? []
      : [{ level: 'error', code: 'empty', message: 'Write alt text, or mark the photo as decorative.' }];
  }

  const hints: AltTextHint[] = [];
  const length = characterCount(trimmed);
  if (length > MAX_ALT_TEXT_LENGTH) {
    hints.push({
      level: 'error',
      code: 'too-long',
      message: `Too long to save as alt text: ${length} of at most ${MAX_ALT_TEXT_LENGTH} characters.`,
    });
  } else if (length > SUGGESTED_ALT_TEXT_LENGTH) {
    hints.push({
      level: 'warning',
      code: 'long',
      message: `Long: ${length} characters; aim for ${SUGGESTED_ALT_TEXT_LENGTH} or fewer.`,
    });
  }

  const opening = REDUNDANT_OPENING.exec(trimmed)?.[1];
  if (opening) {
    hints.push({
      level: 'warning',
      code: 'redundant-opening',
      message: `Screen readers already say it is an image: leave out “${opening.replace(/\s+/gu, ' ')}”.`,
    });
  }

  if (looksLikeFileName(trimmed, options.fileName)) {
    hints.push({
      level: 'warning',
      code: 'file-name',
      message: 'This looks like a file name: say what the photo shows instead.',
    });
  }

  if (options.decorative) {
    hints.push({
      level: 'warning',
      code: 'decorative-text',
      message: 'The photo is marked as decorative, so screen readers skip it and do not read this text.',
    });
  }

  return [...hints.filter((h) => h.level === 'error'), ...hints.filter((h) => h.level === 'warning')];
}

/** True when a hint stops the text from being saved or approved. */
export function hasBlockingHint(hints: readonly AltTextHint[]): boolean {
  return hints.some((hint) => hint.level === 'error');
}
