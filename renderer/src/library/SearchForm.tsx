import { useRef, useState, type FormEvent } from 'react';
import { Button, Input, Label, SearchField } from 'react-aria-components';
import { isActive, noFilters, type SearchFilters } from './useSearch';

interface Props {
  filters: SearchFilters;
  onChange: (filters: SearchFilters) => void;
}

/**
 * Search words over the grid (Enter searches, Escape clears), and one button that clears the words with the
 * collection and folder chosen in the sidebar (the order stays).
 */
export function SearchForm({ filters, onChange }: Props) {
  const [text, setText] = useState(filters.query);
  const inputRef = useRef<HTMLInputElement>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onChange({ ...filters, query: text.trim() });
  }

  function clearAll() {
    setText('');
    onChange({ ...noFilters, sort: filters.sort, descending: filters.descending });
    inputRef.current?.focus();
  }

  return (
    <form role="search" aria-label="Search photos" className="search-form" onSubmit={onSubmit}>
      <div className="add-folder-row">
        <SearchField
          className="field"
          value={text}
          onChange={setText}
          onClear={() => onChange({ ...filters, query: '' })}
        >
          <Label>Search descriptions and file names</Label>
          <Input ref={inputRef} className="input" autoComplete="off" />
        </SearchField>
        <Button type="submit" className="button button-primary">
          Search
        </Button>
      </div>
      {isActive(filters) && (
        <Button className="button" onPress={clearAll}>
          Clear search and filters
        </Button>
      )}
    </form>
  );
}
