import type { ImageDetail } from '../../../contract/api.js';
import type { Library } from './library.js';

export interface ExportRow {
  path: string;
  altText: string | null;
  extDescription: string | null;
  decorative: boolean;
  status: string;
}

/** One image's row of an export. */
export function toExportRow(image: ImageDetail): ExportRow {
  return {
    path: image.path,
    altText: image.altText,
    extDescription: image.extDescription,
    decorative: image.decorative,
    status: image.status,
  };
}

/** Every image with its alt text, for publishers and scripts (`altlens export`). */
export function exportRows(library: Library): ExportRow[] {
  return Array.from(library.eachImage(), toExportRow);
}

/** The rows as an indented JSON array, with a final line end. */
export function toJson(rows: readonly ExportRow[]): string {
  return `${JSON.stringify(rows, null, 2)}\n`;
}

const CSV_COLUMNS: (keyof ExportRow)[] = ['path', 'altText', 'extDescription', 'decorative', 'status'];

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or carriage return first: alt text
 * imported from a received file may be `=HYPERLINK(…)`) gets a leading `'`, as OWASP advises, so that it
 * is shown as the text it is.
 */
function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * RFC 4180 CSV: a header, CRLF line ends, fields quoted where they hold a comma, quote or line break, and no
 * field that a spreadsheet would take for a formula (see neutraliseFormula). JSON keeps the text as it is.
 */
export function toCsv(rows: readonly ExportRow[]): string {
  const field = (value: string | boolean | null) => {
    const text = neutraliseFormula(value === null ? '' : String(value));
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [
    CSV_COLUMNS.join(','),
    ...rows.map((row) => CSV_COLUMNS.map((column) => field(row[column])).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
