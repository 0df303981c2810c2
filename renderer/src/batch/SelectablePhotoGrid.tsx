import { useRef, type ComponentProps } from 'react';
import type { ImagePages } from '../library/image-pages';
import { PhotoGrid } from '../library/PhotoGrid';
import type { SearchFilters } from '../library/useSearch';
import { BatchToolbar } from './BatchToolbar';
import { fromGridKeys, toGridKeys } from './selection';
import { useBatchSelection } from './useBatchSelection';

type Props = Omit<ComponentProps<typeof PhotoGrid>, 'selectedKeys' | 'onSelectionChange' | 'gridRef'> & {
  /** The search and filters the photos answer, and how many photos they hold in all. */
  filters: SearchFilters;
  total: number;
  /** Whether the library is the view on screen. */
  isShown: boolean;
};

/** The photo grid with its selection, and the toolbar that acts on the selected photos. */
export function SelectablePhotoGrid({ filters, total, isShown, ...grid }: Props) {
  const [selection, setSelection] = useBatchSelection(filters);
  const gridRef = useRef<HTMLDivElement>(null);
  return (
    <>
      <BatchToolbar
        selection={selection}
        onSelectionChange={setSelection}
        filters={filters}
        total={total}
        isShown={isShown}
        gridRef={gridRef}
      />
      <PhotoGrid
        {...grid}
        gridRef={gridRef}
        selectedKeys={toGridKeys(selection)}
        onSelectionChange={(keys) => setSelection(fromGridKeys(keys, loadedIds(grid.loaded), selection))}
      />
    </>
  );
}

/** The ids of the photos loaded (the grid's Ctrl+A selects those). */
function loadedIds(loaded: ImagePages): number[] {
  return [...loaded.pages.values()].flatMap((images) => images.map((image) => image.id));
}
