// CSV as RFC 4180 writes it (no CSV parser is among the project's packages): fields separated by commas,
// records by CRLF or LF; a field in double quotes may hold commas, line breaks and "" for one quote.
// Lenient where spreadsheets are: a byte-order mark is skipped, a last record without a line break is
// kept, blank lines are skipped. A stray quote is an error that names the line.

export interface CsvRecord {
  /** The line the record starts on, from 1. */
  readonly line: number;
  readonly fields: readonly string[];
}

export class CsvError extends Error {}

/** The records of CSV text, blank lines left out. */
export function parseCsv(text: string): CsvRecord[] {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;

  const endField = () => {
    fields.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    // One empty field that was not quoted is a blank line; `""` alone is a record with one empty field.
    if (fields.length > 1 || fields[0] !== '' || quoted) records.push({ line: recordLine, fields });
    fields = [];
    quoted = false;
  };

  let i = 0;
  while (i < source.length) {
    const char = source[i];
    if (char === '"' && field === '') {
      const opened = line;
      i += 1;
      for (;;) {
        const inner = source[i];
        if (inner === undefined) throw new CsvError(`Line ${opened}: a quoted field is not closed.`);
        i += 1;
        if (inner === '"') {
          if (source[i] !== '"') break;
          i += 1;
        }
        if (inner === '\n') line += 1;
        field += inner;
      }
      quoted = true;
      const next = source[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r')
        throw new CsvError(`Line ${line}: text after a closing quote; write a quote inside a field as "".`);
      continue;
    }
    if (char === ',') endField();
    else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[i + 1] === '\n') i += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else if (char === '"')
      throw new CsvError(
        `Line ${line}: a quote inside a field that does not start with one; quote the field.`,
      );
    else field += char;
    i += 1;
  }
  if (field !== '' || fields.length > 0 || quoted) endRecord();
  return records;
}
