import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { codestreamProblem, isWrapChange, isWrapWarning, jxlImage } from './jxl-codestream.js';
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
    expect(jxlImage(bare)).toEqual({ bare: true, codestream: bare });
  });

  it('finds the codestream of a container made by cjxl: the bare file, byte for byte', () => {
    const image = jxlImage(container);
    expect(image?.bare).toBe(false);
    expect(image?.codestream.equals(bare)).toBe(true);
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
    expect(jxlImage(split)?.codestream.equals(bare)).toBe(true);
  });

  it('is null for what is not JPEG XL, a truncated container, and a codestream both whole and in parts', () => {
    expect(jxlImage(Buffer.from('not an image'))).toBeNull();
    expect(jxlImage(container.subarray(0, container.length - 1))).toBeNull();
    expect(jxlImage(Buffer.concat([SIGNATURE_BOX, FTYP_BOX]))).toBeNull();
    const both = Buffer.concat([SIGNATURE_BOX, FTYP_BOX, box('jxlc', bare), part(0, true, bare)]);
    expect(jxlImage(both)).toBeNull();
  });
});

describe('the checks of a write into a bare codestream', () => {
  it('finds a codestream changed by one byte, and none in what is no longer JPEG XL', () => {
    const before = { bare: true, codestream: bare };
    expect(codestreamProblem('a.jxl', before, jxlImage(container))).toBeNull();
    const changed = Buffer.from(container);
    changed[changed.length - 1] = (changed[changed.length - 1] ?? 0) ^ 1;
    expect(codestreamProblem('a.jxl', before, jxlImage(changed))).toMatch(/image data of a\.jxl changed/);
    expect(codestreamProblem('a.jxl', before, null)).toMatch(/no longer a JPEG XL/);
  });

  it("accepts exiftool's warning that it wrapped the codestream, and no other", () => {
    expect(isWrapWarning('Warning: Wrapped JXL codestream in ISO BMFF container - /tmp/a.jxl')).toBe(true);
    expect(isWrapWarning('Wrapped JXL codestream in ISO BMFF container')).toBe(true);
    expect(isWrapWarning('[minor] Will wrap JXL codestream in ISO BMFF container for writing')).toBe(false);
    expect(isWrapWarning('Warning: [minor] Error reading XMP')).toBe(false);
  });

  it('allows the file type to become JXL and the brands to appear, nothing else', () => {
    const type = { key: 'File:FileType', before: 'JXL Codestream', after: 'JXL' };
    expect(isWrapChange(type)).toBe(true);
    expect(isWrapChange({ ...type, after: 'PNG' })).toBe(false);
    expect(isWrapChange({ key: 'Jpeg2000:MajorBrand', before: null, after: 'JPEG XL Image (.JXL)' })).toBe(
      true,
    );
    expect(isWrapChange({ key: 'Jpeg2000:MajorBrand', before: 'x', after: 'y' })).toBe(false);
    expect(isWrapChange({ key: 'File:ImageWidth', before: '24', after: '25' })).toBe(false);
  });
});
