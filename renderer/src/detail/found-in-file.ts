import type { FoundMetadata, ImageDetail } from '../../../contract/api';

/** What each metadata field is called for people, with its tag for those who know the tags. */
const fieldNames: Record<string, string> = {
  AltTextAccessibility: 'Alt text (XMP-iptcCore:AltTextAccessibility)',
  ExtDescrAccessibility: 'Extended description (XMP-iptcCore:ExtDescrAccessibility)',
  Description: 'Description (XMP-dc:Description)',
  ImageDescription: 'Image description (EXIF:ImageDescription)',
  'Caption-Abstract': 'Caption (IPTC:Caption-Abstract)',
};

export function fieldName(field: string): string {
  return fieldNames[field] ?? field;
}

export interface FoundItem {
  found: FoundMetadata;
  /** How it compares with what AltLens holds, in words; null where there is nothing to compare. */
  note: string | null;
  /** True when it differs from the description (or the extended description) AltLens holds. */
  differs: boolean;
}

export interface FoundSummary {
  /** Sentences about the whole list: how many values, whether they disagree. */
  summary: string;
  items: FoundItem[];
}

function same(a: string, b: string): boolean {
  const normal = (text: string) => text.trim().replace(/\s+/gu, ' ');
  return normal(a) === normal(b);
}

/** Other languages are translations, not disagreements: only the default language is compared. */
function isDefaultLanguage(found: FoundMetadata): boolean {
  return found.lang === '' || found.lang.toLowerCase() === 'x-default';
}

/**
 * The alt text and descriptions found in the file or a sidecar, each with how it compares with the
 * description, and whether they disagree with each other (DESIGN §4: values that disagree are all listed).
 */
export function foundInFileSummary(
  image: Pick<ImageDetail, 'foundInFile' | 'altText' | 'extDescription'>,
): FoundSummary {
  const found = image.foundInFile;
  if (found.length === 0) {
    return { summary: "Nothing was found in the file's metadata when it was scanned.", items: [] };
  }
  const altText = image.altText?.trim() ? image.altText : null;
  const extDescription = image.extDescription?.trim() ? image.extDescription : null;

  const items = found.map((value): FoundItem => {
    if (!isDefaultLanguage(value)) {
      return { found: value, note: `In another language (${value.lang}), so not compared.`, differs: false };
    }
    const extended = value.field === 'ExtDescrAccessibility';
    const ours = extended ? extDescription : altText;
    const what = extended ? 'the extended description' : 'the description';
    if (ours === null) return { found: value, note: null, differs: false };
    const differs = !same(value.value, ours);
    return { found: value, note: differs ? `Differs from ${what}.` : `Same as ${what}.`, differs };
  });

  const compared = found.filter(
    (value) => isDefaultLanguage(value) && value.field !== 'ExtDescrAccessibility',
  );
  const distinct = new Set(compared.map((value) => value.value.trim().replace(/\s+/gu, ' ')));
  const differing = items.filter((item) => item.differs).length;
  const sentences = [
    found.length === 1
      ? 'One value was found in the file.'
      : `${found.length} values were found in the file.`,
  ];
  if (distinct.size > 1)
    sentences.push('They disagree with each other: check which is right before you approve.');
  if (differing > 0) {
    sentences.push(
      differing === found.length
        ? found.length === 1
          ? 'It differs from the description.'
          : 'All of them differ from the description.'
        : differing === 1
          ? 'One of them differs from the description.'
          : `${differing} of them differ from the description.`,
    );
  } else if (items.some((item) => item.note !== null && !item.differs && isDefaultLanguage(item.found))) {
    sentences.push(found.length === 1 ? 'It matches the description.' : 'They match the description.');
  }
  return { summary: sentences.join(' '), items };
}
