import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';

interface Props {
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  onConfirm: () => void;
}

/** Asks before a generated caption replaces a description a person wrote (DESIGN §1.3). */
export function ConfirmReplaceDialog({ isOpen, onOpenChange, onConfirm }: Props) {
  return (
    <ModalOverlay isOpen={isOpen} onOpenChange={onOpenChange} isDismissable className="modal-overlay">
      <Modal className="modal">
        <Dialog role="alertdialog" className="dialog" aria-describedby="confirm-replace-text">
          {({ close }) => (
            <>
              <Heading slot="title" level={2}>
                Replace your description with a generated one?
              </Heading>
              <p id="confirm-replace-text">
                The description was written by a person. When the new caption is ready it replaces that text,
                and the old text is not kept.
              </p>
              <div className="form-actions">
                <Button className="button" onPress={close}>
                  Keep my description
                </Button>
                <Button
                  className="button button-primary"
                  onPress={() => {
                    close();
                    onConfirm();
                  }}
                >
                  Replace it
                </Button>
              </div>
            </>
          )}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
