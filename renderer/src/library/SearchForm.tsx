import { useRef, useState, type FormEvent } from 'react';
import { Button, Input, Label, Radio, RadioGroup, SearchField } from 'react-aria-components';
import { ImageStatus } from '../../../contract/api';
import { FolderTree } from './FolderTree';
import { isActive, noFilters, type SearchFilters } from './useSearch';

interface Props {
  filters: SearchFilters;
  onChange: (filters: SearchFilters) => void;
}

/** The status chips, in the order a photo moves through them. */
const statusChips: [ImageStatus, string][] = [
  ['pending', 'No description yet'],
  ['needs-review', 'Needs review'],
  ['edited', 'Described'],
  ['approved', 'Approved'],
  ['written', 'Written to file'],
  ['failed', 'Could not be read'],
  ['missing', 'Missing'],
];

function parseStatus(value: string): ImageStatus | null {
  const parsed = ImageStatus.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Search words (Enter searches, Escape clears) and filters; a filter applies as soon as it is chosen. */
export function SearchForm({ filters, onChange }: Props) {
  const [text, setText] = useState(filters.query);
  const inputRef = useRef<HTMLInputElement>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onChange({ ...filters, query: text.trim() });
  }

  function clearAll() {
    setText('');
    onChange(noFilters);
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
      <FolderTree
        selected={filters.folderPath}
        onSelect={(folderPath) => onChange({ ...filters, folderPath })}
      />
      <RadioGroup
        className="chip-group"
        orientation="horizontal"
        value={filters.status ?? 'all'}
        onChange={(value) => onChange({ ...filters, status: parseStatus(value) })}
      >
        <Label className="group-label">Show</Label>
        <Radio value="all" className="chip">
          All
        </Radio>
        {statusChips.map(([status, name]) => (
          <Radio key={status} value={status} className="chip">
            {name}
          </Radio>
        ))}
      </RadioGroup>
      {isActive(filters) && (
        <Button className="button" onPress={clearAll}>
          Clear search and filters
        </Button>
      )}
    </form>
  );
}
