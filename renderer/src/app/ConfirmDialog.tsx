import { useId, type ReactNode } from 'react';
import { Button } from 'react-aria-components';
import { ModalDialog } from './ModalDialog';

interface Props {
  /** Whether it is open; left out inside a react-aria DialogTrigger, whose button opens it. */
  isOpen?: boolean;
  onOpenChange?: (isOpen: boolean) => void;
  /** The question. */
  title: string;
  /** What going ahead does: the dialog's description, read out when it opens. */
  children: ReactNode;
  /** The button that closes it and changes nothing. */
  keepLabel: string;
  /** The button that closes it and goes ahead. */
  confirmLabel: string;
  onConfirm: () => void;
}

/**
 * Asks before something that cannot be undone: an alert dialog whose text is its description, with a button
 * that keeps things as they are and one that goes ahead.
 */
export function ConfirmDialog({ children, keepLabel, confirmLabel, onConfirm, ...dialog }: Props) {
  const textId = useId();
  return (
    <ModalDialog
      {...dialog}
      role="alertdialog"
      describedBy={textId}
      actions={(close) => (
        <>
          <Button className="button" onPress={close}>
            {keepLabel}
          </Button>
          <Button
            className="button button-primary"
            onPress={() => {
              close();
              onConfirm();
            }}
          >
            {confirmLabel}
          </Button>
        </>
      )}
    >
      <p id={textId}>{children}</p>
    </ModalDialog>
  );
}
