import { lstatSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { formatOf } from './formats.js';
import { systemFolderReason } from './folder-rules.js';

/** Hidden folders (".thumbnails", ".git") hold no photos of the person's: scans and watchers skip them. */
export function isSkippedFolderName(name: string): boolean {
  return name.startsWith('.');
}

/** A link (to a photo or a folder) that a scan did not follow, and why. */
export interface SkippedLink {
  readonly path: string;
  readonly reason: string;
}

/** What one folder holds, as scans and watchers see it. */
export interface FolderEntries {
  /** Files whose extension AltLens handles, and links to files that are followed. */
  readonly images: string[];
  /** Subfolders, and links to folders that are followed; hidden ones left out. */
  readonly folders: string[];
  /** Links to photos or folders that are not followed. */
  readonly skipped: SkippedLink[];
}

/** Reads one folder (not its subfolders) of the library folder `root`: its photos and subfolders. */
export async function readFolder(dir: string, root: string): Promise<FolderEntries> {
  const entries = await readdir(dir, { withFileTypes: true });
  const images: string[] = [];
  const folders: string[] = [];
  const skipped: SkippedLink[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && !isSkippedFolderName(entry.name)) folders.push(path);
    else if (entry.isFile() && formatOf(path)) images.push(path);
    else if (entry.isSymbolicLink() && !isSkippedFolderName(entry.name)) {
      const verdict = judgeLink(root, path);
      if (!linksToPhotoOrFolder(path, verdict)) continue;
      if (!verdict.follow) skipped.push({ path, reason: verdict.reason });
      else (verdict.target === 'folder' ? folders : images).push(path);
    }
  }
  return { images, folders, skipped };
}

/**
 * Is this link one to tell about: a link to a folder, or one named as a photo (a broken link with no
 * extension may well have been a folder's).
 */
function linksToPhotoOrFolder(path: string, verdict: LinkVerdict): boolean {
  if (verdict.target === 'folder') return true;
  return formatOf(path) !== null || (verdict.target === 'other' && extname(path) === '');
}

/** Whether scans list this file: not a link, or a link that is followed (the watchers ask this too). */
export function isListed(root: string, path: string): boolean {
  let info: Stats | undefined;
  try {
    info = lstatSync(path, { throwIfNoEntry: false });
  } catch {
    return true; // cannot be looked at: indexing it says why
  }
  return info?.isSymbolicLink() !== true || judgeLink(root, path).follow;
}

/**
 * Every photo under the library folder `root` (recursively), sorted, and the links not followed. Links
 * are followed as `judgeLink` says (never round a loop); hidden folders (".thumbnails", ".git") are
 * skipped. The folders of one depth are read at once, each with one call (a library of 1,000 folders
 * reads in a few rounds, not 1,000 in turn).
 */
export async function walkFolder(root: string): Promise<{ files: string[]; skipped: SkippedLink[] }> {
  const files: string[] = [];
  const skipped: SkippedLink[] = [];
  let level = [root];
  while (level.length > 0) {
    const next: string[] = [];
    await Promise.all(
      level.map(async (dir) => {
        const entries = await readFolder(dir, root).catch((error: unknown) => {
          if (dir === root) throw error;
          return { images: [], folders: [], skipped: [] }; // an unreadable subfolder is skipped, not fatal
        });
        files.push(...entries.images);
        next.push(...entries.folders);
        skipped.push(...entries.skipped);
      }),
    );
    level = next;
  }
  return {
    files: files.sort(),
    skipped: skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  };
}

/** Every photo under `root` (recursively), sorted: `walkFolder` without the links it skipped. */
export async function findImageFiles(root: string): Promise<string[]> {
  return (await walkFolder(root)).files;
}

/** What a symbolic link leads to, and whether scans and watchers follow it (and if not, why). */
export type LinkVerdict =
  | { readonly follow: true; readonly target: 'file' | 'folder' }
  | { readonly follow: false; readonly target: 'file' | 'folder' | 'other'; readonly reason: string };

/**
 * Whether a symbolic link found under the library folder `root` is followed. Scans and watchers both ask
 * this, of each link they meet, so they always agree.
 *
 * - A link to a file or folder elsewhere (outside the library folder) is followed: a person who puts a link
 *   to a photo, or to a folder of photos, into a watched folder expects those photos to appear there. They
 *   are listed under the link's path, and an approved description is written into the linked file.
 * - A link to something inside the library folder is not followed: that photo or folder is listed already
 *   under its own path, and one file must not be two photos of the library.
 * - A link to a folder it is in (the library folder, a folder above it, or any folder on the way to the
 *   link, links included) is not followed: following it would go round in a loop. So no folder is read
 *   twice on one path, and every walk ends.
 * - A link to a system folder (/usr, C:\\Windows…: the rule of folders.add) is not followed: it holds no
 *   photos, and reading it would flood the library.
 * - A link that leads nowhere is not followed.
 * Each link not followed comes with the reason, in words for the person who made it.
 */
export function judgeLink(root: string, link: string): LinkVerdict {
  let target: string;
  let info: Stats;
  try {
    target = realpathSync(link);
    info = statSync(target);
  } catch (error) {
    return { follow: false, target: 'other', reason: unresolvable(link, error) };
  }
  if (!info.isFile() && !info.isDirectory())
    return {
      follow: false,
      target: 'other',
      reason: `it is a link to ${target}, which is neither a file nor a folder`,
    };
  const kind = info.isDirectory() ? 'folder' : 'file';
  const way = realFoldersOnTheWay(root, dirname(link));
  if (kind === 'folder' && way.some((folder) => within(target, folder)))
    return {
      follow: false,
      target: kind,
      reason: `it is a link to ${target}, a folder it is in itself: following it would go round in a loop`,
    };
  if (kind === 'folder' && systemFolderReason(target) !== null)
    return {
      follow: false,
      target: kind,
      reason: `it is a link to ${target}, a system folder (programs and the system's own files, not photos)`,
    };
  const realRoot = way[0] ?? root;
  if (within(realRoot, target) && !hiddenOnTheWay(realRoot, target))
    return {
      follow: false,
      target: kind,
      reason: `it is a link to ${target}, which is in this folder already and listed there`,
    };
  return { follow: true, target: kind };
}

/** The real paths of the folders from `root` down to `dir` (both included), links on the way resolved. */
function realFoldersOnTheWay(root: string, dir: string): string[] {
  const steps = relative(root, dir).split(sep).filter(Boolean);
  const folders = [root, ...steps.map((_, i) => resolve(root, ...steps.slice(0, i + 1)))];
  return folders.flatMap((folder) => {
    try {
      return [realpathSync(folder)];
    } catch {
      return [];
    }
  });
}

/** `path` is `folder` or inside it. */
function within(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** A hidden folder (".thumbnails") between `root` and `path`: scans do not list what is in it. */
function hiddenOnTheWay(root: string, path: string): boolean {
  return relative(root, dirname(path)).split(sep).some(isSkippedFolderName);
}

function unresolvable(link: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? 'unknown';
  if (code === 'ELOOP') return 'it is a link that leads back to itself: fix or remove the link';
  let target = '(unknown)';
  try {
    target = resolve(dirname(link), readlinkSync(link));
  } catch {
    // the link itself could not be read: the code below says why
  }
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return `it is a link to ${target}, which does not exist: fix or remove the link`;
  return `it is a link to ${target}, which cannot be read (${code}): check that it is allowed to be read`;
}
