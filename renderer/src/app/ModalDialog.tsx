import type { ReactNode } from 'react';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';

interface Props {
  /** Whether it is open; left out inside a react-aria DialogTrigger, whose button opens it. */
  isOpen?: boolean;
  onOpenChange?: (isOpen: boolean) => void;
  title: ReactNode;
  /** 'alertdialog' when it asks before something that cannot be undone. */
  role?: 'dialog' | 'alertdialog';
  /** The id of the text read out as the dialog's description when it opens. */
  describedBy?: string;
  /** Added to `modal`, e.g. for a wider dialog. */
  className?: string;
  children: ReactNode;
  /** The buttons at its foot, given `close`. */
  actions: (close: () => void) => ReactNode;
}

/**
 * A react-aria modal dialog with a heading, its content and buttons. Focus stays inside while it is open;
 * Escape or a click outside closes it, and focus returns to where it was before it opened.
 */
export function ModalDialog({
  isOpen,
  onOpenChange,
  title,
  role = 'dialog',
  describedBy,
  className,
  children,
  actions,
}: Props) {
  return (
    <ModalOverlay isOpen={isOpen} onOpenChange={onOpenChange} isDismissable className="modal-overlay">
      <Modal className={className ? `modal ${className}` : 'modal'}>
        <Dialog role={role} className="dialog" aria-describedby={describedBy}>
          {({ close }) => (
            <>
              <Heading slot="title" level={2}>
                {title}
              </Heading>
              {children}
              <div className="form-actions">{actions(close)}</div>
            </>
          )}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
