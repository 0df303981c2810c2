import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeImage } from '../testing/sample-images.js';
import { exportRows, toCsv } from './export.js';
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
});
