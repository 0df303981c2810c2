import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from './program.js';

/** Every command that runs something (not a group such as `models`), by its full name. */
function leafCommands(command: Command, prefix = ''): [string, Command][] {
  return command.commands.flatMap((sub) => {
    const name = `${prefix}${sub.name()}`;
    return sub.commands.length > 0 ? leafCommands(sub, `${name} `) : [[name, sub] as [string, Command]];
  });
}

describe('the command line', () => {
  it('takes --data-dir on every command', () => {
    const commands = leafCommands(buildProgram({ out: () => undefined, err: () => undefined }));
    expect(commands.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'caption',
        'models list',
        'doctor',
        'read',
        'write',
        'undo',
        'export',
        'describe',
        'approve',
      ]),
    );
    const without = commands.filter(
      ([, command]) => !command.options.some((option) => option.long === '--data-dir'),
    );
    expect(without.map(([name]) => name)).toEqual([]);
  });
});
