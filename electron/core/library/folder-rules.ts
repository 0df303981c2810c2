import { constants } from 'node:fs';
import { access, opendir, realpath, stat } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { posix, resolve, win32 } from 'node:path';
import { badRequest } from '../api/errors.js';

/*
 * Which folders may be added to the library (the API's folders.add, `altlens add`, `serve --watch`: all go
 * through Library.addFolder). System folders hold programs and the system's own files, never a person's
 * photos, and scanning them (a whole disk, /proc) floods the library and the log.
 */

/** System folders refused with everything under them. */
const systemRoots: Record<'posix' | 'darwin' | 'win32', readonly string[]> = {
  posix: [
    ...['/proc', '/sys', '/dev', '/run', '/boot', '/etc'],
    ...['/bin', '/sbin', '/usr', '/lib', '/lib32', '/lib64', '/libx32'],
  ],
  darwin: [
    ...['/proc', '/dev', '/etc', '/bin', '/sbin', '/usr', '/cores'],
    ...['/System', '/Library', '/Applications', '/private/etc', '/private/var/db'],
  ],
  win32: [
    'C:\\Windows',
    'C:\\Program Files',
    'C:\\Program Files (x86)',
    'C:\\ProgramData',
    'C:\\$Recycle.Bin',
    'C:\\System Volume Information',
  ],
};

type Platform = 'posix' | 'darwin' | 'win32';

function platformOf(platform: NodeJS.Platform): Platform {
  return platform === 'win32' || platform === 'darwin' ? platform : 'posix';
}

/**
 * Why `folder` (an absolute path) is not a photo folder, or null when it may be one. A folder under the
 * temp folder or a home folder is always fine.
 */
export function systemFolderReason(
  folder: string,
  platform: NodeJS.Platform = process.platform,
  allowed: readonly string[] = [tmpdir(), homedir()],
): string | null {
  const kind = platformOf(platform);
  const path = kind === 'win32' ? win32 : posix;
  // macOS and Windows file systems ignore case by default: so does the comparison.
  const key = (value: string) => {
    const resolved = path.resolve(value);
    return kind === 'posix' ? resolved : resolved.toLowerCase();
  };
  const target = key(folder);
  const isDriveRoot = (value: string) => path.parse(value).root === value;
  const within = (parent: string) => {
    const base = key(parent);
    return target === base || target.startsWith(base.endsWith(path.sep) ? base : base + path.sep);
  };
  const shown = path.resolve(folder);
  if (isDriveRoot(target)) {
    return `${shown} is a whole disk, not a photo folder: add the folder that holds your photos.`;
  }
  if (allowed.some((home) => !isDriveRoot(key(home)) && within(home))) return null;
  const windowsDir = kind === 'win32' ? process.env.SystemRoot : undefined;
  const roots = [...systemRoots[kind], ...(windowsDir ? [windowsDir] : [])];
  const root = roots.find(within);
  if (root === undefined) return null;
  const where = key(root) === target ? 'is a system folder' : `is inside the system folder ${root}`;
  return `${shown} ${where}, which holds programs and the system's own files, not photos: add the folder that holds your photos.`;
}

/**
 * Checks that a folder can be added to the library; resolves with its absolute path, or throws a bad
 * request that says why not, in plain words (missing, a file, a system folder, unreadable).
 */
export async function checkFolderToAdd(folderPath: string): Promise<string> {
  const root = resolve(folderPath);
  const info = await stat(root).catch(() => null);
  if (!info) throw badRequest(`The folder ${root} does not exist or cannot be read.`);
  if (!info.isDirectory()) throw badRequest(`${root} is a file, not a folder.`);
  const real = await realpath(root);
  const reason = systemFolderReason(root) ?? systemFolderReason(real);
  if (reason) throw badRequest(real === root ? reason : `${root} leads to ${real}. ${reason}`);
  try {
    await access(root, constants.R_OK | constants.X_OK);
    await (await opendir(root)).close();
  } catch {
    throw badRequest(
      `The folder ${root} cannot be read: AltLens has no permission to open it. ` +
        'Check its permissions, or add a folder you can open.',
    );
  }
  return root;
}
