// `npm run make-test-model -- [DIR] [--arch vision-encoder-decoder|idefics3|florence2|clip]`: writes a tiny
// test model of that architecture (by default the vision-encoder-decoder captioner) into DIR, by default
// models/tiny-captioner (or models/tiny-idefics3, models/tiny-florence2, models/tiny-clip).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { writeTinyCaptioner } from './tiny-captioner.js';
import { writeTinyClip } from './tiny-clip.js';
import { writeTinyFlorence2 } from './tiny-florence2.js';
import { writeTinyIdefics3 } from './tiny-idefics3.js';

// This file runs compiled, from dist/node/models/test-model/, four levels below the repository root.
const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));

const ARCHITECTURES = {
  'vision-encoder-decoder': {
    folder: 'tiny-captioner',
    name: 'tiny test captioner',
    write: writeTinyCaptioner,
  },
  idefics3: { folder: 'tiny-idefics3', name: 'tiny idefics3 (SmolVLM) test model', write: writeTinyIdefics3 },
  florence2: { folder: 'tiny-florence2', name: 'tiny Florence-2 test model', write: writeTinyFlorence2 },
  clip: { folder: 'tiny-clip', name: 'tiny CLIP test embedding model', write: writeTinyClip },
} as const;

function isArchitecture(arch: string): arch is keyof typeof ARCHITECTURES {
  return Object.hasOwn(ARCHITECTURES, arch);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { arch: { type: 'string', default: 'vision-encoder-decoder' } },
    allowPositionals: true,
  });
  const arch = values.arch;
  if (!isArchitecture(arch)) {
    throw new Error(
      `no test model of architecture "${arch}"; choose ${Object.keys(ARCHITECTURES).join(' or ')}.`,
    );
  }
  const { folder, name, write } = ARCHITECTURES[arch];
  const dir = resolve(positionals[0] ?? resolve(repositoryRoot, 'models', folder));
  await write(dir);
  process.stdout.write(`Wrote the ${name} to ${dir}\n`);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`make-test-model: ${message.split('\n')[0] ?? ''}\n`);
  process.exitCode = 1;
});
