import { useEffect, useRef, useState } from 'react';
import { Button, ListBox, ListBoxItem } from 'react-aria-components';
import type { FolderListing } from '../../../contract/api';
import { errorMessage } from '../api';
import { useApi } from '../api/ApiContext';
import { ModalDialog } from '../app/ModalDialog';
import { countText } from './status-text';

interface Props {
  isOpen: boolean;
  onOpenChange: (isOpen: boolean) => void;
  /** The folder the person chose. */
  onChoose: (path: string) => void;
}

/**
 * Browser mode's way to find a folder (a page cannot open the system's folder dialog): starts at the home
 * folder; arrow keys move in the list of subfolders and Enter opens one; "Up" goes to the folder above;
 * "Choose this folder" takes the one shown.
 */
export function FolderBrowserDialog({ isOpen, onOpenChange, onChoose }: Props) {
  return (
    <ModalDialog
      isOpen={isOpen}
      onOpenChange={onOpenChange}
      title="Choose a folder"
      className="modal-wide"
      actions={(close) => (
        <Button className="button" onPress={close}>
          Cancel
        </Button>
      )}
    >
      {isOpen && <FolderBrowser onChoose={onChoose} />}
    </ModalDialog>
  );
}

function FolderBrowser({ onChoose }: { onChoose: (path: string) => void }) {
  const api = useApi();
  const [asked, setAsked] = useState<string | undefined>(undefined);
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [error, setError] = useState('');
  const chooseRef = useRef<HTMLButtonElement>(null);

  // A folder without subfolders puts focus on "Choose this folder" (one with them: on its first subfolder,
  // see the list below).
  const shown = listing?.path;
  const empty = listing?.folders.length === 0;
  useEffect(() => {
    if (shown !== undefined && empty) chooseRef.current?.focus();
  }, [shown, empty]);

  useEffect(() => {
    let current = true;
    api.call('folders.browse', asked === undefined ? {} : { path: asked }).then(
      (answer) => {
        if (!current) return;
        setListing(answer);
        setError('');
      },
      (e: unknown) => {
        if (current) setError(errorMessage(e));
      },
    );
    return () => {
      current = false;
    };
  }, [api, asked]);

  if (!listing) return <p role={error ? 'alert' : undefined}>{error || 'Reading the folder…'}</p>;
  const { parent } = listing;
  return (
    <div className="folder-browser">
      <p className="folder-browser-path">
        <span className="group-label">In </span>
        {listing.path}
      </p>
      <div className="form-actions">
        {parent !== null && (
          <Button className="button" onPress={() => setAsked(parent)}>
            Up to the folder above
          </Button>
        )}
        <Button
          className="button button-primary"
          isDisabled={listing.refused !== null}
          ref={chooseRef}
          onPress={() => onChoose(listing.path)}
        >
          Choose this folder
        </Button>
      </div>
      {listing.refused && <p className="hint">{listing.refused}</p>}
      <p role="alert" className="error-message">
        {error}
      </p>
      <p id="folder-browser-count" className="hint">
        {listing.folders.length === 0
          ? 'No folders in here.'
          : `${countText(listing.folders.length, 'folder', 'folders')}${listing.truncated ? ' (the first ones)' : ''}: Enter opens one.`}
      </p>
      {listing.folders.length > 0 && (
        <ListBox
          // A new list for each folder opened, focus on its first subfolder, so that arrows and Enter go on
          // from there (focus moves because the person asked to open a folder, not on page load).
          key={listing.path}
          // eslint-disable-next-line jsx-a11y/no-autofocus
          autoFocus="first"
          aria-label={`Folders in ${listing.path}`}
          aria-describedby="folder-browser-count"
          className="folder-browser-list"
          items={listing.folders}
          onAction={(key) => setAsked(String(key))}
        >
          {(folder) => (
            <ListBoxItem id={folder.path} textValue={folder.name} className="folder-browser-item">
              {folder.name}
            </ListBoxItem>
          )}
        </ListBox>
      )}
    </div>
  );
}
