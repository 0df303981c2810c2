import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { countText } from '../library/status-text';

interface Props {
  /** How many of the selected photos have a description a person wrote (or the file held); 0: closed. */
  humanWritten: number;
  onClose: () => void;
  onConfirm: () => void;
}

/** Asks before new captions replace descriptions a person wrote (DESIGN §1.3), saying how many. */
export function ConfirmRegenerateDialog({ humanWritten, onClose, onConfirm }: Props) {
  return (
    <ModalOverlay
      isOpen={humanWritten > 0}
      onOpenChange={(open) => !open && onClose()}
      isDismissable
      className="modal-overlay"
    >
      <Modal className="modal">
        <Dialog role="alertdialog" className="dialog" aria-describedby="confirm-regenerate-text">
          {({ close }) => (
            <>
              <Heading slot="title" level={2}>
                Replace {countText(humanWritten, 'description', 'descriptions')} written by a person?
              </Heading>
              <p id="confirm-regenerate-text">
                {humanWritten === 1
                  ? 'One of the selected photos has'
                  : `${humanWritten} of the selected photos have`}{' '}
                a description a person wrote or the file held. New captions replace them, and the old text is
                not kept.
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
                  Replace them
                </Button>
              </div>
            </>
          )}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
