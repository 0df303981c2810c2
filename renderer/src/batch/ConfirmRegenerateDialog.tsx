import { ConfirmDialog } from '../app/ConfirmDialog';
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
    <ConfirmDialog
      isOpen={humanWritten > 0}
      onOpenChange={(open) => !open && onClose()}
      title={`Replace ${countText(humanWritten, 'description', 'descriptions')} written by a person?`}
      keepLabel="Keep them"
      confirmLabel="Replace them"
      onConfirm={onConfirm}
    >
      {humanWritten === 1 ? 'One of the selected photos has' : `${humanWritten} of the selected photos have`}{' '}
      a description a person wrote or the file held. New captions replace them, and the old text is not kept.
    </ConfirmDialog>
  );
}
