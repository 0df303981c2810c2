import { describe, expect, it } from 'vitest';
import { dateTaken, parseDate } from './date-taken.js';

describe('dateTaken: the capture date from exiftool tags', () => {
  it('reads an EXIF date without an offset as local time, with its fraction of a second', () => {
    expect(dateTaken([{ 'ExifIFD:DateTimeOriginal': '2021:05:06 07:08:09' }])).toBe(
      new Date(2021, 4, 6, 7, 8, 9).getTime(),
    );
    expect(
      dateTaken([{ 'ExifIFD:DateTimeOriginal': '2021:05:06 07:08:09', 'ExifIFD:SubSecTimeOriginal': '042' }]),
    ).toBe(new Date(2021, 4, 6, 7, 8, 9, 42).getTime());
  });

  it('uses the offset tag when there is one, and an XMP date’s own offset', () => {
    const tags = {
      'ExifIFD:DateTimeOriginal': '2021:05:06 07:08:09',
      'ExifIFD:OffsetTimeOriginal': '+02:00',
    };
    expect(dateTaken([tags])).toBe(Date.UTC(2021, 4, 6, 5, 8, 9));
    const created = { 'ExifIFD:CreateDate': '2021:05:06 07:08:09', 'ExifIFD:OffsetTimeDigitized': '-05:30' };
    expect(dateTaken([created])).toBe(Date.UTC(2021, 4, 6, 12, 38, 9));
    expect(dateTaken([{ 'XMP-photoshop:DateCreated': '2019:02:03 04:05:06.5Z' }])).toBe(
      Date.UTC(2019, 1, 3, 4, 5, 6, 500),
    );
  });

  it('prefers DateTimeOriginal, then CreateDate, then the XMP dates of the photo or its sidecar', () => {
    const photo = {
      'ExifIFD:CreateDate': '2020:01:01 00:00:00Z',
      'XMP-exif:DateTimeOriginal': '2000:01:01Z',
    };
    const sidecar = { 'ExifIFD:DateTimeOriginal': '2010:01:01 00:00:00+00:00' };
    expect(dateTaken([photo, sidecar])).toBe(Date.UTC(2010, 0, 1));
    expect(dateTaken([photo])).toBe(Date.UTC(2020, 0, 1));
    expect(dateTaken([{}, { 'XMP-photoshop:DateCreated': '2019:02:03' }])).toBe(
      new Date(2019, 1, 3).getTime(),
    );
  });

  it('skips what is not a date: blank, zeros, impossible days, other text', () => {
    for (const value of ['', '0000:00:00 00:00:00', '2021:04:31 10:00:00', '2021:13:01', 'yesterday']) {
      expect(parseDate(value, null, null), value).toBeNull();
    }
    expect(
      dateTaken([
        { 'ExifIFD:DateTimeOriginal': '0000:00:00 00:00:00', 'ExifIFD:CreateDate': '2022:02:02 02:02:02Z' },
      ]),
    ).toBe(Date.UTC(2022, 1, 2, 2, 2, 2));
    expect(dateTaken([{ 'IFD0:ModifyDate': '2022:02:02 02:02:02' }])).toBeNull();
  });
});
