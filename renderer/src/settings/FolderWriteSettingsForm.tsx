import { Label, Radio, RadioGroup, Text } from 'react-aria-components';
import type { Folder, FolderWriteSettings } from '../../../contract/api';
import { CheckboxField } from '../app/CheckboxField';

const targets: [FolderWriteSettings['target'], string][] = [
  ['auto', 'In the file where possible (auto)'],
  ['file', 'In the file'],
  ['sidecar', 'In a sidecar file'],
  ['both', 'Both'],
];

const namings: [FolderWriteSettings['sidecarNaming'], string][] = [
  ['basename', 'photo.xmp — Lightroom, Capture One'],
  ['ext', 'photo.jpg.xmp — darktable, digiKam'],
];

function pick<T extends string>(choices: [T, string][], value: string): T | undefined {
  return choices.find(([choice]) => choice === value)?.[0];
}

interface Props {
  folder: Folder;
  onChange: (changes: Partial<FolderWriteSettings>) => void;
}

/** Where one folder's alt text is written. A fieldset named by the folder's path; saved on change. */
export function FolderWriteSettingsForm({ folder, onChange }: Props) {
  const settings = folder.writeSettings;
  return (
    <fieldset className="folder-settings">
      <legend className="path">{folder.path}</legend>
      <RadioGroup
        className="radio-group"
        value={settings.target}
        onChange={(value) => {
          const target = pick(targets, value);
          if (target) onChange({ target });
        }}
      >
        <Label className="group-label">Where to write</Label>
        <Text slot="description" className="hint">
          Automatic writes into JPEG, PNG, TIFF, WebP, HEIC and other files made to hold metadata, and into a
          sidecar for camera raw files.
        </Text>
        {targets.map(([target, name]) => (
          <Radio key={target} value={target} className="radio">
            {name}
          </Radio>
        ))}
      </RadioGroup>
      <RadioGroup
        className="radio-group"
        value={settings.sidecarNaming}
        onChange={(value) => {
          const sidecarNaming = pick(namings, value);
          if (sidecarNaming) onChange({ sidecarNaming });
        }}
      >
        <Label className="group-label">Sidecar name</Label>
        <Text slot="description" className="hint">
          An existing sidecar under either name is edited, never duplicated.
        </Text>
        {namings.map(([naming, name]) => (
          <Radio key={naming} value={naming} className="radio">
            {name}
          </Radio>
        ))}
      </RadioGroup>
      <CheckboxField
        isSelected={settings.descriptionFields}
        onChange={(descriptionFields) => onChange({ descriptionFields })}
      >
        Also write the description fields (dc:description, EXIF, IPTC)
      </CheckboxField>
    </fieldset>
  );
}
