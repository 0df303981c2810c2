import type { TagSnapshot } from './tag-snapshot.js';
import type { FoundValue, MetadataField, MetadataRead } from './types.js';

/** Where each field shows in a full read (`-a -G1`); language alternatives carry a `-lang` suffix. */
const FIELDS: readonly { field: MetadataField; pattern: RegExp }[] = [
  { field: 'AltTextAccessibility', pattern: /^XMP-iptcCore:AltTextAccessibility(?:-(.+))?$/ },
  { field: 'ExtDescrAccessibility', pattern: /^XMP-iptcCore:ExtDescrAccessibility(?:-(.+))?$/ },
  { field: 'Description', pattern: /^XMP-dc:Description(?:-(.+))?$/ },
  { field: 'ImageDescription', pattern: /^IFD0:ImageDescription$/ },
  // Every IPTC block: the main one and any in a trailer or maker notes (IPTC2, IPTC3…).
  { field: 'Caption-Abstract', pattern: /^IPTC\d*:Caption-Abstract$/ },
];

/** Every alt text and description value in one file's tags, each language separately. */
export function foundValues(snapshot: TagSnapshot, source: string): FoundValue[] {
  const found: FoundValue[] = [];
  for (const [key, value] of Object.entries(snapshot)) {
    for (const { field, pattern } of FIELDS) {
      const match = pattern.exec(key);
      if (match) found.push({ field, lang: match[1] ?? 'x-default', value, source });
    }
  }
  return found;
}

/**
 * The summary: for each field, the x-default value from the preferred source (the place AltLens writes to
 * first), else x-default from any source, else any language. The description falls back from XMP-dc to EXIF
 * to IPTC. Blank values are skipped; all of them stay in `found`.
 */
export function summarize(
  found: readonly FoundValue[],
  preferredSources: readonly string[],
): Omit<MetadataRead, 'found'> {
  const rank = (source: string) => {
    const index = preferredSources.indexOf(source);
    return index === -1 ? preferredSources.length : index;
  };
  const ordered = found
    .filter((entry) => entry.value.trim() !== '')
    .sort((a, b) => rank(a.source) - rank(b.source));
  const pick = (field: MetadataField): string | null =>
    (
      ordered.find((entry) => entry.field === field && entry.lang === 'x-default') ??
      ordered.find((entry) => entry.field === field)
    )?.value ?? null;
  return {
    altText: pick('AltTextAccessibility'),
    extDescription: pick('ExtDescrAccessibility'),
    description: pick('Description') ?? pick('ImageDescription') ?? pick('Caption-Abstract'),
  };
}
