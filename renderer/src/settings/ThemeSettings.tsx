import { Label, Radio, RadioGroup } from 'react-aria-components';
import { ThemeChoice } from '../../../contract/api';

const themes: [ThemeChoice, string][] = [
  ['system', 'As the system'],
  ['light', 'Light'],
  ['dark', 'Dark'],
];

/** Light, dark, or the system's choice. High contrast (forced colours) always wins over either. */
export function ThemeSettings({
  theme,
  onChange,
}: {
  theme: ThemeChoice;
  onChange: (theme: ThemeChoice) => void;
}) {
  return (
    <RadioGroup
      className="radio-group"
      value={theme}
      onChange={(value) => {
        const choice = ThemeChoice.safeParse(value);
        if (choice.success) onChange(choice.data);
      }}
    >
      <Label className="group-label">Colours</Label>
      {themes.map(([choice, name]) => (
        <Radio key={choice} value={choice} className="radio">
          {name}
        </Radio>
      ))}
    </RadioGroup>
  );
}
