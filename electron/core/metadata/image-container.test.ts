import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  containerNote,
  containerWriteArgs,
  imageDataProblem,
  isContainerChange,
  isContainerWarning,
  readContainerImage,
  type ContainerImage,
} from './image-container.js';
import { JXL_CONTAINER } from './jxl-codestream.js';
import { WEBP_CONTAINER } from './webp-chunks.js';
import { copySample, FIXTURES_DIR } from './test-files.js';

const bare = readFileSync(`${FIXTURES_DIR}gradient-codestream.jxl`);
const container = readFileSync(`${FIXTURES_DIR}gradient-container.jxl`);

function fileOf(bytes: Buffer, name: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'altlens-container-')), name);
  writeFileSync(path, bytes);
  return path;
}

describe('readContainerImage', () => {
  it('takes apart a JPEG XL or a WebP by its file type, with the rules of its format', async () => {
    const jxl = await readContainerImage(fileOf(bare, 'a.jxl'), 'jxl');
    expect(jxl).toEqual({ plain: true, imageData: [bare], format: JXL_CONTAINER });
    const webp = await readContainerImage(copySample('RIFF.webp', 'container'), 'webp');
    expect(webp?.format).toBe(WEBP_CONTAINER);
    expect(webp?.plain).toBe(false);
  });

  it('is null for another file type (nothing read), a file of another format, and no file', async () => {
    expect(await readContainerImage(copySample('PNG.png', 'container'), 'png')).toBeNull();
    expect(await readContainerImage(copySample('PNG.png', 'container'), 'webp')).toBeNull();
    expect(await readContainerImage(fileOf(bare, 'a.webp'), WEBP_CONTAINER)).toBeNull();
    expect(await readContainerImage(join(tmpdir(), 'altlens-no-such-file.jxl'), 'jxl')).toBeNull();
  });
});

describe('the checks of a write into a container format', () => {
  const before: ContainerImage = { plain: true, imageData: [bare], format: JXL_CONTAINER };
  const after: ContainerImage = { plain: false, imageData: [bare], format: JXL_CONTAINER };

  it('finds image data changed by one byte, and none in what no longer parses', () => {
    expect(imageDataProblem('a.jxl', before, after)).toBeNull();
    const changed = Buffer.from(container);
    changed[changed.length - 1] = (changed[changed.length - 1] ?? 0) ^ 1;
    const parts = JXL_CONTAINER.parts(changed);
    expect(parts).not.toBeNull();
    expect(imageDataProblem('a.jxl', before, parts && { ...parts, format: JXL_CONTAINER })).toBe(
      'The image data of a.jxl changed (its JPEG XL codestream is not the same, byte for byte).',
    );
    expect(imageDataProblem('a.jxl', before, { ...after, imageData: [bare, bare] })).toMatch(/changed/);
    expect(imageDataProblem('a.jxl', before, null)).toBe(
      'a.jxl is no longer a JPEG XL file that AltLens can take apart.',
    );
  });

  it("passes the format's arguments and accepts its warning for a plain file only", () => {
    const warning = 'Wrapped JXL codestream in ISO BMFF container';
    expect(containerWriteArgs(before)).toEqual(['-m']);
    expect(containerWriteArgs(after)).toEqual([]);
    expect(containerWriteArgs(null)).toEqual([]);
    expect(isContainerWarning(before, warning)).toBe(true);
    expect(isContainerWarning(after, warning)).toBe(false);
    expect(isContainerWarning(null, warning)).toBe(false);
  });

  it('explains tag changes only with both readings, and notes a plain file that got its container', () => {
    const type = { key: 'File:FileType', before: 'JXL Codestream', after: 'JXL' };
    expect(isContainerChange(type, before, after, {})).toBe(true);
    expect(isContainerChange(type, before, null, {})).toBe(false);
    expect(isContainerChange(type, null, after, {})).toBe(false);
    expect(containerNote(before, after)).toBe(JXL_CONTAINER.containedNote);
    expect(containerNote(after, after)).toBeNull();
    expect(containerNote(before, before)).toBeNull();
    expect(containerNote(before, null)).toBeNull();
  });
});
