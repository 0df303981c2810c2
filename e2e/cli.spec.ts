import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { altlensBin, startServe } from './altlens-server.js';
import { makePhotoFolder, tempDir } from './photos.js';

const altlens = (...args: string[]) =>
  spawnSync(process.execPath, [altlensBin, ...args], { encoding: 'utf8' });

test('the built altlens command shows help and its subcommands', () => {
  const help = altlens('--help');
  expect(help.status).toBe(0);
  for (const command of ['serve', 'add', 'list']) expect(help.stdout).toContain(command);
});

test('altlens add and list work on a real folder, results on stdout and progress on stderr', async () => {
  const photos = await makePhotoFolder();
  const dataDir = tempDir('cli');
  const added = altlens('add', photos, '--data-dir', dataDir);
  expect(added.status).toBe(0);
  expect(added.stdout).toMatch(/^Found 4 files: 4 added/);
  expect(added.stderr).toContain('Scanning 4/4');
  const listed = altlens('list', '--json', '--data-dir', dataDir);
  const rows = JSON.parse(listed.stdout) as { path: string; status: string }[];
  expect(rows.map((row) => row.status).sort()).toEqual(['failed', 'pending', 'pending', 'pending']);
});

test('a failing altlens command exits non-zero with one readable line', () => {
  const failed = altlens('add', '/no/such/folder', '--data-dir', tempDir('cli-fail'));
  expect(failed.status).toBe(1);
  expect(failed.stderr).toBe('altlens: The folder /no/such/folder does not exist or cannot be read.\n');
});

test('altlens serve shuts down cleanly on SIGTERM', async () => {
  const server = await startServe(tempDir('serve'));
  expect(await server.call('folders.list', {})).toEqual([]);
  expect(await server.stop()).toBe(0);
});
