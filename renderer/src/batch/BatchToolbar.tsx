import { useRef, useState, type RefObject } from 'react';
import { Button, Toolbar } from 'react-aria-components';
import { errorMessage } from '../api';
import { useApi } from '../api/ApiContext';
import { useAnnounce } from '../app/announce';
import { useFocusRescue } from '../app/useFocusRescue';
import { countText } from '../library/status-text';
import type { SearchFilters } from '../library/useSearch';
import { useShortcut } from '../shortcuts/ShortcutContext';
import { approvedText, regeneratingText, selectAllText, selectionText, writeQueuedText } from './batch-text';
import { ConfirmRegenerateDialog } from './ConfirmRegenerateDialog';
import { downloadText } from './download';
import { noSelection, selectedCount, toApiSelection, type BatchSelection } from './selection';

interface Props {
  selection: BatchSelection;
  onSelectionChange: (selection: BatchSelection) => void;
  /** The library's search and filters, and how many photos they hold in all. */
  filters: SearchFilters;
  total: number;
  /** Whether the library is the view on screen (its shortcuts only work there). */
  isShown: boolean;
  /** Where focus goes when the toolbar goes (the selection was cleared). */
  gridRef: RefObject<HTMLElement | null>;
}

/**
 * What to do with the photos selected in the grid: approve, new captions, write, export (Shift+A, R, W, E).
 * Shown while something is selected; results are said once in the window's live region, and focus stays
 * where it was (the grid, or this toolbar).
 */
export function BatchToolbar({ selection, onSelectionChange, filters, total, isShown, gridRef }: Props) {
  const api = useApi();
  const announce = useAnnounce();
  const [busy, setBusy] = useState(false);
  const [humanWritten, setHumanWritten] = useState(0);
  const regionRef = useRef<HTMLDivElement>(null);
  useFocusRescue(regionRef, gridRef);
  const count = selectedCount(selection, total);
  const target = toApiSelection(selection, filters);

  /** Runs one batch action at a time and says its result, or why it failed. Buttons stay enabled, so focus stays. */
  async function run(action: () => Promise<string>) {
    if (busy || count === 0) return;
    setBusy(true);
    try {
      const result = await action();
      if (result) announce(result);
    } catch (e) {
      announce(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const approve = () => run(async () => approvedText(await api.call('descriptions.approveMany', target)));
  const write = () => run(async () => writeQueuedText(await api.call('metadata.writeMany', target)));
  const regenerate = (force: boolean) =>
    run(async () => {
      if (!force) {
        const { count: written } = await api.call('descriptions.countHumanWritten', target);
        if (written > 0) {
          setHumanWritten(written);
          return ''; // the dialog asks first
        }
      }
      await api.call('captions.queue', { ...target, force: true });
      return regeneratingText(count);
    });
  const exportAs = (format: 'csv' | 'json') =>
    run(async () => {
      const file = await api.call('images.export', { selection: target, format });
      downloadText(file.fileName, file.mimeType, file.content);
      return `Exported ${countText(count, 'photo', 'photos')} as ${format.toUpperCase()}: ${file.fileName}.`;
    });

  const enabled = isShown && count > 0;
  useShortcut('batch.approve', () => void approve(), enabled);
  useShortcut('batch.regenerate', () => void regenerate(false), enabled);
  useShortcut('batch.write', () => void write(), enabled);
  useShortcut('batch.export', () => void exportAs('csv'), enabled);

  function clear() {
    onSelectionChange(noSelection);
    gridRef.current?.focus();
  }

  return (
    <div ref={regionRef}>
      {count > 0 && (
        <Toolbar aria-label="Selected photos" className="batch-toolbar">
          <p className="batch-count">{selectionText(count, selection.kind === 'all-matching', filters)}</p>
          {selection.kind === 'some' && total > count && (
            <Button className="button" onPress={() => onSelectionChange({ kind: 'all-matching' })}>
              {selectAllText(total, filters)}
            </Button>
          )}
          <Button className="button button-primary" onPress={() => void approve()}>
            Approve
          </Button>
          <Button className="button" onPress={() => void regenerate(false)}>
            New captions
          </Button>
          <Button className="button" onPress={() => void write()}>
            Write to files
          </Button>
          <Button className="button" onPress={() => void exportAs('csv')}>
            Export CSV
          </Button>
          <Button className="button" onPress={() => void exportAs('json')}>
            Export JSON
          </Button>
          <Button className="button" onPress={clear}>
            Clear selection
          </Button>
        </Toolbar>
      )}
      <ConfirmRegenerateDialog
        humanWritten={humanWritten}
        onClose={() => setHumanWritten(0)}
        onConfirm={() => void regenerate(true)}
      />
    </div>
  );
}
