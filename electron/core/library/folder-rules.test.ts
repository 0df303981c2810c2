import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/sample-images.js';
import { checkFolderToAdd, systemFolderReason } from './folder-rules.js';
import { Library } from './library.js';

const refused = (folder: string, platform: NodeJS.Platform, home = '/home/ann') =>
  systemFolderReason(folder, platform, [
    home,
    platform === 'win32' ? 'C:\\Users\\Ann\\AppData\\Local\\Temp' : '/tmp',
  ]);

describe('system folders', () => {
  it('refuses the whole disk and the system folders of Linux, with everything under them', () => {
    expect(refused('/', 'linux')).toBe(
      '/ is a whole disk, not a photo folder: add the folder that holds your photos.',
    );
    expect(refused('/proc', 'linux')).toBe(
      "/proc is a system folder, which holds programs and the system's own files, not photos: add the folder that holds your photos.",
    );
    expect(refused('/proc/1/fd', 'linux')).toMatch(/^\/proc\/1\/fd is inside the system folder \/proc, /);
    for (const folder of [
      '/sys',
      '/sys/class',
      '/dev',
      '/etc',
      '/etc/',
      '/bin',
      '/usr',
      '/usr/share/x',
      '/boot',
      '/run',
    ])
      expect(refused(folder, 'linux'), folder).not.toBeNull();
    for (const folder of [
      '/home/ann/Pictures',
      '/tmp/photos',
      '/var/www/images',
      '/media/usb/DCIM',
      '/procedures',
      '/usrphotos',
    ])
      expect(refused(folder, 'linux'), folder).toBeNull();
  });

  it('refuses the macOS system folders whatever their case, and not a home or temp folder', () => {
    for (const folder of [
      '/System',
      '/system/Library',
      '/Library/Desktop Pictures',
      '/Applications/Photos.app',
      '/private/etc',
    ])
      expect(refused(folder, 'darwin', '/Users/ann'), folder).not.toBeNull();
    // ~/Library is in the home folder; the temp folder is under /private/var/folders.
    expect(refused('/Users/ann/Library/Mobile Documents', 'darwin', '/Users/ann')).toBeNull();
    expect(refused('/private/var/folders/x/T/photos', 'darwin', '/Users/ann')).toBeNull();
    expect(refused('/Users/ann/Pictures', 'darwin', '/Users/ann')).toBeNull();
  });

  it('refuses drive roots and the Windows system folders, whatever their case', () => {
    expect(refused('C:\\', 'win32')).toBe(
      'C:\\ is a whole disk, not a photo folder: add the folder that holds your photos.',
    );
    expect(refused('d:\\', 'win32')).not.toBeNull();
    for (const folder of [
      'C:\\Windows',
      'c:\\windows\\System32',
      'C:\\Program Files\\App',
      'C:\\Program Files (x86)',
      'C:\\ProgramData',
    ])
      expect(refused(folder, 'win32'), folder).not.toBeNull();
    for (const folder of ['C:\\Users\\Ann\\Pictures', 'D:\\Photos', 'C:\\Program Files Photos'])
      expect(refused(folder, 'win32'), folder).toBeNull();
  });

  it('lets a folder under the temp or home folder through even where that lies in a system folder', () => {
    expect(systemFolderReason('/run/user/1000/photos', 'linux', ['/run/user/1000'])).toBeNull();
    expect(systemFolderReason('/run/other', 'linux', ['/run/user/1000'])).not.toBeNull();
    // A home of "/" (some service accounts) does not open the whole disk.
    expect(systemFolderReason('/etc', 'linux', ['/'])).not.toBeNull();
  });
});

describe('checkFolderToAdd (real folders)', () => {
  it('accepts a temp folder and says why it refuses a missing folder, a file, a system folder and a link to one', async () => {
    const dir = tempDir('folder-rules');
    expect(await checkFolderToAdd(dir)).toBe(dir);
    await expect(checkFolderToAdd(join(dir, 'gone'))).rejects.toMatchObject({
      code: 'bad_request',
      message: `The folder ${join(dir, 'gone')} does not exist or cannot be read.`,
    });
    writeFileSync(join(dir, 'a.jpg'), 'x');
    await expect(checkFolderToAdd(join(dir, 'a.jpg'))).rejects.toThrow(
      `${join(dir, 'a.jpg')} is a file, not a folder.`,
    );
    for (const folder of ['/', '/proc', '/proc/self', '/etc', '/usr/bin']) {
      await expect(checkFolderToAdd(folder), folder).rejects.toMatchObject({
        code: 'bad_request',
        message: expect.stringMatching(/ is a whole disk| is a system folder| is inside the system folder /),
      });
    }
    symlinkSync('/etc', join(dir, 'settings'));
    await expect(checkFolderToAdd(join(dir, 'settings'))).rejects.toThrow(
      `${join(dir, 'settings')} leads to /etc. /etc is a system folder`,
    );
  });

  it('is what Library.addFolder (the API, `altlens add`) checks: nothing is added or scanned', async () => {
    const library = Library.open(tempDir('folder-rules-data'));
    try {
      await expect(library.addFolder('/proc')).rejects.toThrow('/proc is a system folder');
      await expect(library.addFolder('/')).rejects.toThrow('/ is a whole disk');
      expect(library.folders()).toEqual([]);
    } finally {
      library.close();
    }
  });

  it('refuses a folder the user cannot read, through the real `altlens add` (run as nobody when root)', () => {
    const base = tempDir('folder-rules-locked');
    const locked = join(base, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o000);
    const data = join(base, 'data');
    const childTemp = join(base, 'tmp');
    mkdirSync(data);
    mkdirSync(childTemp);
    for (const open of [data, childTemp]) chmodSync(open, 0o777);
    // Root reads anything: the command runs as "nobody", who needs to pass through the test's folders.
    for (const passage of [tmpdir(), base]) chmodSync(passage, 0o711);
    const asUser =
      process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'] : [];
    const main = fileURLToPath(new URL('../../cli/main.ts', import.meta.url));
    const [command = process.execPath, ...args] = [
      ...asUser,
      process.execPath,
      '--import',
      'tsx',
      main,
      'add',
      locked,
      '--data-dir',
      data,
    ];
    const result = spawnSync(command, args, {
      encoding: 'utf8',
      env: { ...process.env, TMPDIR: childTemp },
      timeout: 60_000,
    });
    chmodSync(locked, 0o700);
    expect(result.stderr).toBe(
      `altlens: The folder ${locked} cannot be read: AltLens has no permission to open it. ` +
        'Check its permissions, or add a folder you can open.\n',
    );
    expect(result.status).toBe(1);
  });
});
