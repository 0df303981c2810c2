import { ConfirmDialog } from '../app/ConfirmDialog';

interface Props {
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  onConfirm: () => void;
}

/** Asks before a generated caption replaces a description a person wrote (DESIGN §1.3). */
export function ConfirmReplaceDialog(props: Props) {
  return (
    <ConfirmDialog
      {...props}
      title="Replace your description with a generated one?"
      keepLabel="Keep my description"
      confirmLabel="Replace it"
    >
      The description was written by a person. When the new caption is ready it replaces that text, and the
      old text is not kept.
    </ConfirmDialog>
  );
}
