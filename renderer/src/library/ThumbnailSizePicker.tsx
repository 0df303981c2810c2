import { Label, Radio, RadioGroup } from 'react-aria-components';
import { THUMBNAIL_SIZES, type ThumbnailSize } from './useThumbnailSize';

const names: Record<ThumbnailSize, string> = { small: 'Small', medium: 'Medium', large: 'Large' };

/** How large the grid's photos are: one radio group, arrow keys choose. */
export function ThumbnailSizePicker({
  size,
  onChange,
}: {
  size: ThumbnailSize;
  onChange: (size: ThumbnailSize) => void;
}) {
  return (
    <RadioGroup
      className="chip-group"
      orientation="horizontal"
      value={size}
      onChange={(value) => {
        if (Object.hasOwn(THUMBNAIL_SIZES, value)) onChange(value as ThumbnailSize);
      }}
    >
      <Label className="group-label">Thumbnail size</Label>
      {(Object.keys(names) as ThumbnailSize[]).map((key) => (
        <Radio key={key} value={key} className="chip">
          {names[key]}
        </Radio>
      ))}
    </RadioGroup>
  );
}
