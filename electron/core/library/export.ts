import type { Library } from './library.js';

export interface ExportRow {
  path: string;
  altText: string | null;
  extDescription: string | null;
  decorative: boolean;
  status: string;
}

/** Every image with its alt text, for publishers and scripts (`altlens export`). */
export function exportRows(library: Library): ExportRow[] {
  return Array.from(library.eachImage(), (image) => ({
    path: image.path,
    altText: image.altText,
    extDescription: image.extDescription,
    decorative: image.decorative,
    status: image.status,
  }));
}

const CSV_COLUMNS: (keyof ExportRow)[] = ['path', 'altText', 'extDescription', 'decorative', 'status'];

/** RFC 4180 CSV: a header, CRLF line ends, fields quoted where they hold a comma, quote or line break. */
export function toCsv(rows: readonly ExportRow[]): string {
  const field = (value: string | boolean | null) => {
    const text = value === null ? '' : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [
    CSV_COLUMNS.join(','),
    ...rows.map((row) => CSV_COLUMNS.map((column) => field(row[column])).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
