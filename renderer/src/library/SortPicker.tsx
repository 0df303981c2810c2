import { useId } from 'react';
import { ToggleButton } from 'react-aria-components';
import { ImageSort } from '../../../contract/api';
import type { SearchFilters } from './useSearch';

const names: Record<ImageSort, string> = {
  name: 'Name',
  taken: 'Date taken',
  status: 'Status',
  added: 'Date added',
};

interface Props {
  filters: SearchFilters;
  onChange: (filters: SearchFilters) => void;
}

/**
 * The grid's order: a native select (arrow keys choose, the platform's own list), and a toggle button for
 * the direction (aria-pressed: Space or Enter turns it). The order is part of the filters, so the grid,
 * review's previous and next, and "Approve and next" all follow it.
 */
export function SortPicker({ filters, onChange }: Props) {
  const id = useId();
  return (
    <div className="sort-picker">
      <label htmlFor={id} className="group-label">
        Sort by
      </label>
      <select
        id={id}
        className="input sort-select"
        value={filters.sort}
        onChange={(event) => {
          const sort = ImageSort.safeParse(event.target.value);
          if (sort.success) onChange({ ...filters, sort: sort.data });
        }}
      >
        {ImageSort.options.map((sort) => (
          <option key={sort} value={sort}>
            {names[sort]}
          </option>
        ))}
      </select>
      <ToggleButton
        className="button sort-direction"
        isSelected={filters.descending}
        onChange={(descending) => onChange({ ...filters, descending })}
      >
        Descending
      </ToggleButton>
    </div>
  );
}
