import { sep } from 'node:path';
import type { Folder, FolderNode, FolderWatch, FolderWriteSettings } from '../../../contract/api.js';
import { notFound } from '../api/errors.js';
import type { EventHub } from '../events.js';
import { folderTree } from './folder-tree.js';
import type { FolderRow, LibraryStore } from './store.js';

/** How a folder is watched when nothing watches it (the CLI's one-shot commands). */
const NOT_WATCHED: FolderWatch = { mode: 'not-watched', reason: null };

/** The library's folders: their ids, how each is watched, their tree and their write settings. */
export class LibraryFolders {
  /** How each folder is watched, by path: set by the watcher while the app runs. */
  private readonly watchStates = new Map<string, FolderWatch>();

  constructor(
    private readonly store: LibraryStore,
    private readonly events: EventHub,
  ) {}

  /** The id of the library's folder at this path (added to the library if it is not there yet). */
  folderIdOf(root: string): number {
    return this.store.folderId(root);
  }

  /** Records how a folder is watched (shown in the folder list). */
  setWatchState(folderPath: string, watch: FolderWatch): void {
    this.watchStates.set(folderPath, watch);
    this.events.emit({ type: 'folders.changed' });
  }

  folders(): Folder[] {
    return this.store.folders().map((row) => toFolder(row, this.watchStates.get(row.path) ?? NOT_WATCHED));
  }

  /** Each folder with its subfolders that hold photos, and how many photos each holds (with those below). */
  folderTree(): FolderNode[] {
    return folderTree(this.store.folders(), this.store.directoryCounts(), sep);
  }

  updateWriteSettings(folderId: number, changes: Partial<FolderWriteSettings>): Folder {
    this.store.updateWriteSettings(folderId, changes);
    const folder = this.folders().find((row) => row.id === folderId);
    if (!folder) throw notFound(`Folder ${folderId}`);
    return folder;
  }
}

function toFolder(row: FolderRow, watch: FolderWatch): Folder {
  return {
    id: row.id,
    path: row.path,
    imageCount: row.image_count,
    missingCount: row.missing_count,
    watch,
    writeSettings: {
      target: row.write_target,
      sidecarNaming: row.sidecar_naming,
      descriptionFields: row.description_fields === 1,
    },
  };
}
