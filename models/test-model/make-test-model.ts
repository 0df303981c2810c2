// `npm run make-test-model -- [DIR]`: writes the tiny test captioner, by default into models/tiny-captioner.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeTinyCaptioner } from './tiny-captioner.js';

// This file runs compiled, from dist/node/models/test-model/, four levels below the repository root.
const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));

async function main(): Promise<void> {
  const dir = resolve(process.argv[2] ?? resolve(repositoryRoot, 'models', 'tiny-captioner'));
  await writeTinyCaptioner(dir);
  process.stdout.write(`Wrote the tiny test captioner to ${dir}\n`);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`make-test-model: ${message.split('\n')[0] ?? ''}\n`);
  process.exitCode = 1;
});
