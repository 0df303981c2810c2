import { useState } from 'react';
import { Input, Label, NumberField, Switch, Text, TextField } from 'react-aria-components';
import type { AppSettings } from '../../../contract/api';
import type { StyleSettings } from '../../../contract/style';

interface Props {
  settings: AppSettings;
  onChange: (changes: Partial<StyleSettings>) => void;
}

const toggles: [
  keyof Pick<StyleSettings, 'contextFolderName' | 'contextFileName' | 'contextMetadata'>,
  string,
][] = [
  ['contextFolderName', "The folder's name"],
  ['contextFileName', "The file's name (camera numbers such as IMG_1234 are always left out)"],
  ['contextMetadata', 'Descriptions already in the file (its own metadata)'],
];

/**
 * How prompted models (SmolVLM, and providers) are asked for alt text: its length limit, its language, and
 * which context a prompt may carry. Saved on change; a model that takes no prompt uses none of it.
 */
export function StyleSettingsForm({ settings, onChange }: Props) {
  const [language, setLanguage] = useState(settings.altTextLanguage);
  const saveLanguage = () => {
    const tag = language.trim();
    if (tag !== settings.altTextLanguage) onChange({ altTextLanguage: tag });
  };
  return (
    <div className="settings-form">
      <NumberField
        className="field"
        value={settings.altTextMaxLength}
        minValue={20}
        maxValue={250}
        step={1}
        onChange={(altTextMaxLength) => {
          if (Number.isInteger(altTextMaxLength) && altTextMaxLength !== settings.altTextMaxLength)
            onChange({ altTextMaxLength });
        }}
      >
        <Label>Longest alt text, in characters</Label>
        <Input className="input input-short" />
        <Text slot="description" className="hint">
          From 20 to 250; 125 is a common aim. A longer answer is asked for again, shorter, then cut at the
          end of a sentence and marked for review.
        </Text>
      </NumberField>
      <TextField
        className="field"
        value={language}
        onChange={setLanguage}
        onBlur={saveLanguage}
        onKeyDown={(event) => {
          if (event.key === 'Enter') saveLanguage();
        }}
      >
        <Label>Language of the alt text</Label>
        <Input className="input input-short" />
        <Text slot="description" className="hint">
          A language tag such as en, de, fr or pt-BR. Saved when you leave the field or press Enter.
        </Text>
      </TextField>
      <fieldset className="plain-fieldset">
        <legend className="group-label">Context the prompt may carry</legend>
        <p className="hint">
          It helps the model name what it sees. Each folder can also have a note, in the library&apos;s
          Folders panel.
        </p>
        {toggles.map(([key, label]) => (
          <Switch
            key={key}
            className="switch"
            isSelected={settings[key]}
            onChange={(value) => onChange({ [key]: value })}
          >
            <span className="switch-track" aria-hidden="true">
              <span className="switch-thumb" />
            </span>
            {label}
          </Switch>
        ))}
      </fieldset>
    </div>
  );
}
