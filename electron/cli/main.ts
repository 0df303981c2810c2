import { buildProgram } from './program.js';

// The `altlens` command. Any failure ends with one readable line on stderr and a non-zero exit.
const program = buildProgram({
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  errIsTerminal: process.stderr.isTTY,
});
program.exitOverride();
try {
  await program.parseAsync(process.argv);
} catch (error) {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('commander.')) {
    // commander already printed its message (or the help / version text).
    process.exitCode = (error as { exitCode?: number }).exitCode ?? 1;
  } else {
    process.stderr.write(`altlens: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
