import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeTinyCaptioner } from '../../../models/test-model/tiny-captioner.js';
import { processIdentity } from '../process-identity.js';
import { importable, startScript, stillRunningAfter } from '../testing/processes.js';
import { tempDir } from '../testing/sample-images.js';

let modelDir: string;
let sign: string;

beforeAll(async () => {
  modelDir = join(tempDir('model'), 'tiny-captioner');
  await writeTinyCaptioner(modelDir);
  sign = join(tempDir('engine-parent'), 'sign.png');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1800" height="600">
    <rect width="100%" height="100%" fill="#ffffff"/>
    <text x="900" y="380" font-family="DejaVu Sans" font-size="220" text-anchor="middle">EXIT ONLY</text></svg>`;
  await sharp(Buffer.from(svg)).png().toFile(sign);
});

/** A process that starts a caption engine with the tiny model, prints its pid, then `then` runs. */
function engineScript(then: string): string {
  return `
    import { CaptionEngine } from ${importable(new URL('./caption-engine.ts', import.meta.url))};
    const engine = new CaptionEngine({
      modelDir: ${JSON.stringify(modelDir)}, modelId: 'tiny-captioner', device: 'cpu', dtype: null, threads: 1,
    });
    await engine.ready();
    console.log('engine ' + engine.pid);
    ${then}
    setInterval(() => {}, 60_000);
  `;
}

async function engineOf(script: ReturnType<typeof startScript>) {
  const [, pid] = await script.line(/^engine (\d+)$/);
  return processIdentity(Number(pid));
}

describe('the caption engine ends with the process that started it (real processes, kill -9)', () => {
  it('an idle engine ends within seconds of its parent being killed', async () => {
    const script = startScript(engineScript(''));
    const engine = await engineOf(script);
    await script.kill9();
    expect(await stillRunningAfter([engine])).toEqual([]);
  });

  it('an engine in the middle of OCR and a caption ends too', async () => {
    const script = startScript(
      engineScript(`for (let round = 1; ; round++) {
        await engine.caption(${JSON.stringify(sign)}, { ocr: true });
        console.log('captioned ' + round);
      }`),
    );
    const engine = await engineOf(script);
    await script.line(/^captioned 1$/);
    await script.kill9();
    expect(await stillRunningAfter([engine])).toEqual([]);
  });
});
