import { buildProgram } from './program.js';
import { OutputClosed, watchOutput } from './output.js';

// The `altlens` command. Any failure ends with one readable line on stderr and a non-zero exit.
const stderr = watchOutput(process.stderr);
const fail = (message: string) => {
  if (!stderr.closed()) process.stderr.write(`altlens: ${message}\n`);
  process.exitCode = 1;
};
const stdout = watchOutput(process.stdout, (error) => fail(`could not write the results: ${error.message}`));
const program = buildProgram({
  out: (text) => {
    // Nobody reads the results any more (`altlens list | head -1`): the command stops where it is.
    if (stdout.closed()) throw new OutputClosed();
    process.stdout.write(text);
  },
  err: (text) => {
    if (!stderr.closed()) process.stderr.write(text);
  },
  errIsTerminal: process.stderr.isTTY,
});
program.exitOverride();
try {
  await program.parseAsync(process.argv);
} catch (error) {
  const code = (error as { code?: unknown }).code;
  if (error instanceof OutputClosed) {
    // The results were read as far as they were wanted (or `fail` already said why not).
  } else if (typeof code === 'string' && code.startsWith('commander.')) {
    // commander already printed its message (or the help / version text).
    process.exitCode = (error as { exitCode?: number }).exitCode ?? 1;
  } else {
    fail(error instanceof Error ? error.message : String(error));
  }
}
