import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { DefaultExiftoolArgs, exiftoolPath, type ExifToolOptions } from 'exiftool-vendored';

/**
 * Perl that runs exiftool (the path in its first argument) in the same process, and ends it when its argument
 * pipe closes. `exiftool -stay_open True -@ -` reads its commands with `sysread`, and when that returns 0 (end
 * of file) it sleeps 10 ms and reads again, for ever: made for argument files that are still being written, it
 * also outlives a parent that died (kill -9 included), which never sends `-stay_open False`. Here a read of 0
 * bytes from a pipe or a socket (never from a file) ends it: the parent closed its end, or is gone. exiftool
 * reads its next command only after finishing the one before, so a write under way is never cut short; the
 * `{ready}` it then prints to a pipe nobody reads ends it too (SIGPIPE).
 */
const GUARD = [
  'use strict;',
  'use Symbol ();',
  'BEGIN {',
  '  *CORE::GLOBAL::sysread = sub (*\\$$;$) {',
  '    my $handle = ref $_[0] ? $_[0] : Symbol::qualify_to_ref($_[0], scalar caller);',
  '    my $read = CORE::sysread($handle, ${$_[1]}, $_[2], $_[3] || 0);',
  '    exit 0 if defined $read && $read == 0 && (-p $handle || -S $handle);',
  '    return $read;',
  '  };',
  '}',
  'my $exiftool = shift @ARGV;',
  '$0 = $exiftool;',
  'do $exiftool;',
  'die $@ if $@;',
  'die "Could not run $exiftool: $!\\n";',
].join('\n');

/** The perl exiftool's own first line names (`#!/usr/bin/env perl`): /usr/bin's, else the first on the PATH. */
function perl(): string {
  const onPath = (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'perl'));
  return ['/usr/bin/perl', ...onPath].find((path) => existsSync(path)) ?? 'perl';
}

/**
 * exiftool-vendored's options for exiftool processes that end with the process that started them, however
 * it ends. Where exiftool is a Perl script (Linux, macOS and the other Unixes), it runs under {@link GUARD}, spawned as
 * exiftool-vendored spawns it (same arguments and environment). On Windows exiftool-vendored runs its own
 * `exiftool.exe`, which cannot be wrapped: there nothing changes (the settling of an interrupted write ends
 * the exiftool processes the dead writer left, see write-settlement.ts).
 */
export function exiftoolProcessOptions(): Partial<ExifToolOptions> {
  if (process.platform === 'win32') return {};
  return {
    processFactory: async () => {
      const env: NodeJS.ProcessEnv = { LANG: 'C' };
      if (process.env.EXIFTOOL_HOME) env.EXIFTOOL_HOME = process.env.EXIFTOOL_HOME;
      return spawn(perl(), ['-e', GUARD, await exiftoolPath(), ...DefaultExiftoolArgs], {
        stdio: 'pipe',
        shell: false,
        detached: false,
        env,
      });
    },
  };
}
