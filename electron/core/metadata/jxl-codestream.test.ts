import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JXL_CONTAINER, jxlImage } from './jxl-codestream.js';
import type { SnapshotChange } from './tag-snapshot.js';
import { FIXTURES_DIR } from './test-files.js';

const bare = readFileSync(`${FIXTURES_DIR}gradient-codestream.jxl`);
const container = readFileSync(`${FIXTURES_DIR}gradient-container.jxl`);
const SIGNATURE_BOX = Buffer.from('0000000c4a584c200d0a870a', 'hex');
const FTYP_BOX = Buffer.concat([
  Buffer.from('00000014', 'hex'),
  Buffer.from('ftypjxl \0\0\0\0jxl ', 'latin1'),
]);

function box(type: string, content: Buffer, form: 'plain' | 'large' | 'to-end' = 'plain'): Buffer {
  if (form === 'to-end') return Buffer.concat([Buffer.alloc(4), Buffer.from(type, 'latin1'), content]);
  if (form === 'plain') {
    const size = Buffer.alloc(4);
    size.writeUInt32BE(8 + content.length);
    return Buffer.concat([size, Buffer.from(type, 'latin1'), content]);
  }
  const size = Buffer.alloc(8);
  size.writeBigUInt64BE(BigInt(16 + content.length));
  return Buffer.concat([Buffer.from('00000001', 'hex'), Buffer.from(type, 'latin1'), size, content]);
}

function part(index: number, last: boolean, content: Buffer): Buffer {
  const counter = Buffer.alloc(4);
  counter.writeUInt32BE((last ? 0x80000000 : 0) + index);
  return box('jxlp', Buffer.concat([counter, content]));
}

describe('jxlImage', () => {
  it('takes a bare codestream (FF 0A) as its own codestream', () => {
    expect(jxlImage(bare)).toEqual({ plain: true, imageData: [bare] });
  });

  it('finds the codestream of a container made by cjxl: the bare file, byte for byte', () => {
    expect(jxlImage(container)).toEqual({ plain: false, imageData: [bare] });
  });

  it('puts the parts of jxlp boxes together, and reads 64-bit and to-the-end box sizes', () => {
    const split = Buffer.concat([
      SIGNATURE_BOX,
      FTYP_BOX,
      part(0, false, bare.subarray(0, 40)),
      box('Exif', Buffer.from('\0\0\0\0II*\0', 'latin1'), 'large'),
      part(1, true, bare.subarray(40)),
      box('xml ', Buffer.from('<x:xmpmeta/>'), 'to-end'),
    ]);
    expect(jxlImage(split)).toEqual({ plain: false, imageData: [bare] });
  });

  it('is null for what is not JPEG XL, a truncated container, and a codestream both whole and in parts', () => {
    expect(jxlImage(Buffer.from('not an image'))).toBeNull();
    expect(jxlImage(container.subarray(0, container.length - 1))).toBeNull();
    expect(jxlImage(Buffer.concat([SIGNATURE_BOX, FTYP_BOX]))).toBeNull();
    const both = Buffer.concat([SIGNATURE_BOX, FTYP_BOX, box('jxlc', bare), part(0, true, bare)]);
    expect(jxlImage(both)).toBeNull();
  });
});

describe('the rules of a write into a bare codestream', () => {
  const bareParts = { plain: true, imageData: [bare] };
  const containerParts = { plain: false, imageData: [bare] };

  it('writes a bare codestream with -m, a container without', () => {
    expect(JXL_CONTAINER.plainWriteArgs).toEqual(['-m']);
  });

  it("accepts exiftool's warning that it wrapped the codestream, and no other", () => {
    const { isContainerWarning } = JXL_CONTAINER;
    expect(isContainerWarning('Warning: Wrapped JXL codestream in ISO BMFF container - /tmp/a.jxl')).toBe(
      true,
    );
    expect(isContainerWarning('Wrapped JXL codestream in ISO BMFF container')).toBe(true);
    expect(isContainerWarning('[minor] Will wrap JXL codestream in ISO BMFF container for writing')).toBe(
      false,
    );
    expect(isContainerWarning('Warning: [minor] Error reading XMP')).toBe(false);
  });

  it('allows the file type to become JXL and the brands to appear when wrapped, nothing else', () => {
    const wrapped = (change: SnapshotChange) =>
      JXL_CONTAINER.isContainerChange(change, bareParts, containerParts, {});
    const type = { key: 'File:FileType', before: 'JXL Codestream', after: 'JXL' };
    expect(wrapped(type)).toBe(true);
    expect(wrapped({ ...type, after: 'PNG' })).toBe(false);
    const brand = { key: 'Jpeg2000:MajorBrand', before: null, after: 'JPEG XL Image (.JXL)' };
    expect(wrapped(brand)).toBe(true);
    expect(wrapped({ ...brand, before: 'x' })).toBe(false);
    expect(wrapped({ key: 'File:ImageWidth', before: '24', after: '25' })).toBe(false);
    // A file already in a container, or one that is still bare: no change of container to explain a tag's.
    expect(JXL_CONTAINER.isContainerChange(type, containerParts, containerParts, {})).toBe(false);
    expect(JXL_CONTAINER.isContainerChange(brand, bareParts, bareParts, {})).toBe(false);
  });
});
