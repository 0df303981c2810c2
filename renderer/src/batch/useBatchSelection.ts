import { useState } from 'react';
import type { SearchFilters } from '../library/useSearch';
import { noSelection, type BatchSelection } from './selection';

/**
 * The grid's selection, which belongs to one list: a new search or filter starts with nothing selected.
 */
export function useBatchSelection(filters: SearchFilters): [BatchSelection, (next: BatchSelection) => void] {
  const [state, setState] = useState<{ filters: SearchFilters; selection: BatchSelection }>({
    filters,
    selection: noSelection,
  });
  const selection = state.filters === filters ? state.selection : noSelection;
  return [selection, (next) => setState({ filters, selection: next })];
}
