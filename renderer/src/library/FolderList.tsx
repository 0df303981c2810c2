import { useRef, useState } from 'react';
import type { Folder } from '../../../contract/api';
import { errorMessage } from '../api';
import { useApi } from '../api/ApiContext';
import { FormMessages } from '../app/FormMessages';
import { useFocusRescue } from '../app/useFocusRescue';
import { FolderContextForm } from './FolderContextForm';
import { folderFactsText, removedText } from './folder-text';
import { RemoveMissingButton } from './RemoveMissingButton';

/** The library's folders: how many photos each has, how it is watched, and its missing photos. */
export function FolderList({ folders }: { folders: readonly Folder[] }) {
  return folders.length > 0 ? <FolderSection folders={folders} /> : null;
}

/** Mounted once there are folders, so that the focus rescue watches a list that is there. */
function FolderSection({ folders }: { folders: readonly Folder[] }) {
  const api = useApi();
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const listRef = useRef<HTMLUListElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The button goes once its folder has no missing photos: focus then goes to the heading.
  useFocusRescue(listRef, headingRef);

  async function removeMissing(folder: Folder) {
    setStatus('');
    setError('');
    try {
      const { removed } = await api.call('images.removeMissing', { folderId: folder.id });
      setStatus(removedText(removed));
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <section className="panel" aria-labelledby="folders-heading">
      <h2 id="folders-heading" ref={headingRef} tabIndex={-1}>
        Folders
      </h2>
      <ul className="folder-list" ref={listRef}>
        {folders.map((folder) => (
          <li key={folder.id} className="folder-item">
            <span className="folder-path">{folder.path}</span>
            <span className="folder-facts">{folderFactsText(folder)}</span>
            {folder.missingCount > 0 && (
              <RemoveMissingButton folder={folder} onConfirm={() => void removeMissing(folder)} />
            )}
            <FolderContextForm folder={folder} />
          </li>
        ))}
      </ul>
      <FormMessages status={status} error={error} />
    </section>
  );
}
