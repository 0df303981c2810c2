import { useId } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import type { Folder } from '../../../contract/api';
import { countText } from './status-text';

interface Props {
  folder: Pick<Folder, 'path' | 'missingCount'>;
  onConfirm: () => void;
}

/** "Remove missing photos" of a folder, after the person confirms: their descriptions go with them. */
export function RemoveMissingButton({ folder, onConfirm }: Props) {
  const textId = useId();
  const photos = countText(folder.missingCount, 'missing photo', 'missing photos');
  return (
    <DialogTrigger>
      <Button className="button" aria-label={`Remove missing photos of ${folder.path}`}>
        Remove missing photos
      </Button>
      <ModalOverlay isDismissable className="modal-overlay">
        <Modal className="modal">
          <Dialog role="alertdialog" className="dialog" aria-describedby={textId}>
            {({ close }) => (
              <>
                <Heading slot="title" level={2}>
                  Remove {photos}?
                </Heading>
                <p id={textId}>
                  Their files are gone from {folder.path}. Removing them also removes their descriptions from
                  the library. A file that comes back later is added again as a new photo.
                </p>
                <div className="form-actions">
                  <Button className="button" onPress={close}>
                    Keep them
                  </Button>
                  <Button
                    className="button button-primary"
                    onPress={() => {
                      close();
                      onConfirm();
                    }}
                  >
                    Remove
                  </Button>
                </div>
              </>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}
