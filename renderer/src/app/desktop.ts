import { z } from 'zod';
import { FolderChoice } from '../../../contract/api';
import type { AltLensBridge } from '../api/ipc-transport';

/** The desktop app's bridge (folder dialog, dropped paths), or null in browser mode. */
export function desktopBridge(): AltLensBridge | null {
  return window.altlens ?? null;
}

/** The folder the system's dialog chose, null when cancelled; the answer is checked against the contract. */
export async function chooseFolder(bridge: AltLensBridge): Promise<string | null> {
  const choice = FolderChoice.safeParse(await bridge.chooseFolder());
  if (!choice.success) throw new Error('The folder dialog gave an answer AltLens does not understand.');
  return choice.data.path;
}

const DroppedPath = z.string().min(1).max(4096);

/** The paths of what was dropped on the window (items without a path, such as text, are left out). */
export function droppedPaths(bridge: AltLensBridge, files: Iterable<File>): string[] {
  return [...files].flatMap((file) => {
    const path = DroppedPath.safeParse(bridge.pathForFile(file));
    return path.success ? [path.data] : [];
  });
}
