// `npm run make-bench-model -- --arch distilvit|smolvlm-256m [DIR] [--dtype fp32|q8]`: writes a benchmark model
// of the real shape (random weights) into DIR, or, without DIR, into the cache in the OS temp folder that
// `bench:caption -- --model-size real` uses (reused when already there).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_ARCHS, ensureBenchModel, writeBenchModel, type BenchArch } from './bench-model.js';
import { BENCH_DTYPES, type BenchDtype } from './graph-builder.js';

const isArch = (value: string): value is BenchArch => (BENCH_ARCHS as readonly string[]).includes(value);
const isDtype = (value: string): value is BenchDtype => (BENCH_DTYPES as readonly string[]).includes(value);

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { arch: { type: 'string', default: 'distilvit' }, dtype: { type: 'string', default: 'fp32' } },
    allowPositionals: true,
  });
  const { arch, dtype } = values;
  if (!isArch(arch)) throw new Error(`no benchmark model "${arch}"; choose ${BENCH_ARCHS.join(' or ')}.`);
  if (!isDtype(dtype)) throw new Error(`no dtype "${dtype}"; choose ${BENCH_DTYPES.join(' or ')}.`);
  const started = performance.now();
  const target = positionals[0];
  if (target) {
    await writeBenchModel(arch, resolve(target), dtype);
    process.stdout.write(
      `Wrote the ${arch} ${dtype} benchmark model to ${resolve(target)} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
  } else {
    const { dir, generated } = await ensureBenchModel(arch, dtype);
    process.stdout.write(
      `${generated ? 'Wrote' : 'Reused'} the ${arch} ${dtype} benchmark model in ${dir}\n`,
    );
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`make-bench-model: ${message.split('\n')[0] ?? ''}\n`);
  process.exitCode = 1;
});
