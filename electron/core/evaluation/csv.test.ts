import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv } from './csv.js';

const fields = (text: string) => parseCsv(text).map((record) => record.fields);

describe('parseCsv (RFC 4180)', () => {
  it('splits records on LF or CRLF and fields on commas, the last record with or without a line break', () => {
    expect(fields('image,reference\na.jpg,a dog\r\nb.jpg,a cat')).toEqual([
      ['image', 'reference'],
      ['a.jpg', 'a dog'],
      ['b.jpg', 'a cat'],
    ]);
    expect(fields('a,b\n')).toEqual([['a', 'b']]);
  });

  it('reads quoted fields with commas, line breaks and doubled quotes, and says where each record starts', () => {
    const records = parseCsv('image,reference\n"a, b.jpg","a ""big""\ndog"\nc.jpg,""\n');
    expect(records).toEqual([
      { line: 1, fields: ['image', 'reference'] },
      { line: 2, fields: ['a, b.jpg', 'a "big"\ndog'] },
      { line: 4, fields: ['c.jpg', ''] },
    ]);
  });

  it('keeps empty fields, skips blank lines and a byte-order mark', () => {
    expect(fields('\uFEFFa,,c\n\n\r\n,\n')).toEqual([
      ['a', '', 'c'],
      ['', ''],
    ]);
  });

  it('names the line of a stray or unclosed quote', () => {
    expect(() => parseCsv('a,b\nx,y"z\n')).toThrow(
      new CsvError('Line 2: a quote inside a field that does not start with one; quote the field.'),
    );
    expect(() => parseCsv('a\n"x"y\n')).toThrow(/^Line 2: text after a closing quote/);
    expect(() => parseCsv('a\n\n"open\nstill')).toThrow('Line 3: a quoted field is not closed.');
  });
});
