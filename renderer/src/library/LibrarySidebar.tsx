import type { Folder } from '../../../contract/api';
import { AddFolderForm } from './AddFolderForm';
import { CollectionList } from './CollectionList';
import { FolderList } from './FolderList';
import { FolderTree } from './FolderTree';
import type { SearchFilters } from './useSearch';

interface Props {
  filters: SearchFilters;
  onChange: (filters: SearchFilters) => void;
  folders: readonly Folder[];
}

/**
 * The library's sidebar: adding a folder, the collections by status, the folder tree and each folder's
 * state. Choosing a collection or a folder changes the photos of the grid beside it at once.
 */
export function LibrarySidebar({ filters, onChange, folders }: Props) {
  return (
    <aside className="library-sidebar" aria-label="Collections and folders">
      <section className="sidebar-section" aria-labelledby="add-folder-heading">
        <h2 id="add-folder-heading">Add a folder</h2>
        <AddFolderForm />
      </section>
      <section className="sidebar-section" aria-labelledby="collections-heading">
        <h2 id="collections-heading" className="visually-hidden">
          Collections
        </h2>
        <CollectionList selected={filters.status} onSelect={(status) => onChange({ ...filters, status })} />
      </section>
      <FolderTree
        selected={filters.folderPath}
        onSelect={(folderPath) => onChange({ ...filters, folderPath })}
      />
      <FolderList folders={folders} />
    </aside>
  );
}
