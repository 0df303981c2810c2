import { Button, DialogTrigger } from 'react-aria-components';
import type { Folder } from '../../../contract/api';
import { ConfirmDialog } from '../app/ConfirmDialog';
import { countText } from './status-text';

interface Props {
  folder: Pick<Folder, 'path' | 'missingCount'>;
  onConfirm: () => void;
}

/** "Remove missing photos" of a folder, after the person confirms: their descriptions go with them. */
export function RemoveMissingButton({ folder, onConfirm }: Props) {
  return (
    <DialogTrigger>
      <Button className="button" aria-label={`Remove missing photos of ${folder.path}`}>
        Remove missing photos
      </Button>
      <ConfirmDialog
        title={`Remove ${countText(folder.missingCount, 'missing photo', 'missing photos')}?`}
        keepLabel="Keep them"
        confirmLabel="Remove"
        onConfirm={onConfirm}
      >
        Their files are gone from {folder.path}. Removing them also removes their descriptions from the
        library. A file that comes back later is added again as a new photo.
      </ConfirmDialog>
    </DialogTrigger>
  );
}
