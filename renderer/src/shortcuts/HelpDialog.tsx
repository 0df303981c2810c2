import { Button } from 'react-aria-components';
import { ModalDialog } from '../app/ModalDialog';
import { keyLabel } from './key-matching';
import { scopeNames, shortcuts, type ShortcutScope } from './shortcut-table';

interface Props {
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const scopes = Object.keys(scopeNames) as ShortcutScope[];

/** Every shortcut from the one table, by where it works. Focus stays in the dialog and returns on close. */
export function HelpDialog({ isOpen, onOpenChange }: Props) {
  return (
    <ModalDialog
      isOpen={isOpen}
      onOpenChange={onOpenChange}
      title="Keyboard shortcuts"
      className="help-modal"
      actions={(close) => (
        <Button className="button button-primary" onPress={close}>
          Close
        </Button>
      )}
    >
      <p>Single-letter shortcuts do nothing while you type in a text field.</p>
      <p>
        In the photo grid, <kbd>Space</kbd> selects a photo, <kbd>Shift</kbd> with the arrow keys extends the
        selection, <kbd>{isMac ? '⌘' : 'Ctrl'}+A</kbd> selects the loaded photos and <kbd>Esc</kbd> clears the
        selection.
      </p>
      {scopes.map((scope) => (
        <table key={scope} className="shortcut-table">
          <caption>{scopeNames[scope]}</caption>
          <thead>
            <tr>
              <th scope="col">Keys</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {shortcuts
              .filter((shortcut) => shortcut.scope === scope)
              .map((shortcut) => (
                <tr key={shortcut.id}>
                  <td>
                    {shortcut.keys.map((spec, index) => (
                      <span key={spec}>
                        {index > 0 && ' or '}
                        <kbd>{keyLabel(spec, isMac)}</kbd>
                      </span>
                    ))}
                  </td>
                  <td>{shortcut.action}</td>
                </tr>
              ))}
          </tbody>
        </table>
      ))}
    </ModalDialog>
  );
}
