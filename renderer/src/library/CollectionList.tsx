import { Label, Radio, RadioGroup } from 'react-aria-components';
import { ImageStatus } from '../../../contract/api';
import { useImageCount } from './useImageCount';

interface Props {
  /** The collection shown: one status, or null for all photos. */
  selected: ImageStatus | null;
  onSelect: (status: ImageStatus | null) => void;
}

/** The collections, in the order a photo moves through them. */
const collections: [ImageStatus, string][] = [
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

/**
 * The library's collections by status, each with its count, in the sidebar: arrow keys move between them,
 * and the photos of the one chosen fill the grid at once.
 */
export function CollectionList({ selected, onSelect }: Props) {
  return (
    <RadioGroup
      className="collection-list"
      value={selected ?? 'all'}
      onChange={(value) => onSelect(parseStatus(value))}
    >
      <Label className="group-label">Show</Label>
      <Collection value="all" name="All photos" />
      {collections.map(([status, name]) => (
        <Collection key={status} value={status} status={status} name={name} />
      ))}
    </RadioGroup>
  );
}

function Collection({ value, status, name }: { value: string; status?: ImageStatus; name: string }) {
  const count = useImageCount(status);
  return (
    <Radio value={value} className="collection">
      <span className="collection-name">{name}</span>
      {count !== null && (
        <span className="collection-count">
          <span className="visually-hidden">, </span>
          {count}
        </span>
      )}
    </Radio>
  );
}
