import { Label, Radio, RadioGroup, Switch, Text } from 'react-aria-components';
import type { AppSettings, DeviceChoice } from '../../../contract/api';
import { deviceNames } from './device-names';
import { TextReaderSetting } from './TextReaderSetting';

interface Props {
  settings: AppSettings;
  onChange: (changes: Partial<AppSettings>) => void;
}

function isDevice(value: string): value is DeviceChoice {
  return deviceNames.some(([device]) => device === value);
}

/** Where captions run, whether text is looked for, whether new photos are captioned. Saved on change. */
export function CaptionSettingsForm({ settings, onChange }: Props) {
  return (
    <div className="settings-form">
      <RadioGroup
        className="radio-group"
        value={settings.device}
        onChange={(value) => {
          if (isDevice(value)) onChange({ device: value });
        }}
      >
        <Label className="group-label">Run captions on</Label>
        <Text slot="description" className="hint">
          Automatic tries the graphics card first (CUDA, DirectML, Core ML, WebGPU). Every choice falls back
          to the CPU when its device cannot start.
        </Text>
        {deviceNames.map(([device, name]) => (
          <Radio key={device} value={device} className="radio">
            {name}
          </Radio>
        ))}
      </RadioGroup>
      <Switch className="switch" isSelected={settings.ocr} onChange={(ocr) => onChange({ ocr })}>
        <span className="switch-track" aria-hidden="true">
          <span className="switch-thumb" />
        </span>
        Find text in images (OCR)
      </Switch>
      <TextReaderSetting settings={settings} onChange={onChange} />
      <Switch
        className="switch"
        isSelected={settings.captionOnAdd}
        onChange={(captionOnAdd) => onChange({ captionOnAdd })}
      >
        <span className="switch-track" aria-hidden="true">
          <span className="switch-thumb" />
        </span>
        Caption new photos automatically
      </Switch>
    </div>
  );
}
