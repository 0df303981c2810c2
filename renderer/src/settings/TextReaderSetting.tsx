import { Label, Radio, RadioGroup, Text } from 'react-aria-components';
import type { AppSettings } from '../../../contract/api';
import { useModelTasks, whyNot } from '../captions/useModelTasks';

interface Props {
  settings: AppSettings;
  onChange: (changes: Partial<AppSettings>) => void;
}

/**
 * What reads the text in photos: PaddleOCR, or Florence-2's own <OCR> task, which only a model that has it
 * offers; otherwise the choice says why it is not available (and PaddleOCR reads the text meanwhile).
 */
export function TextReaderSetting({ settings, onChange }: Props) {
  const tasks = useModelTasks();
  const reason = whyNot(tasks, 'ocr');
  const usable = tasks !== null && reason === null;
  return (
    <RadioGroup
      className="radio-group"
      value={settings.textReader}
      isDisabled={!settings.ocr}
      onChange={(value) => {
        if (value === 'paddle' || value === 'florence2') onChange({ textReader: value });
      }}
    >
      <Label className="group-label">Read the text with</Label>
      <Text slot="description" className="hint">
        {!settings.ocr
          ? 'Turn on "Find text in images" to choose what reads it.'
          : usable
            ? `${tasks.modelName} can read the text itself, with its <OCR> task.`
            : `${reason ?? 'Checking what the model can do…'}${settings.textReader === 'florence2' ? ' PaddleOCR reads the text until then.' : ''}`}
      </Text>
      <Radio value="paddle" className="radio">
        PaddleOCR (built in)
      </Radio>
      <Radio value="florence2" className="radio" isDisabled={!usable}>
        The Florence-2 model’s own text reading
      </Radio>
    </RadioGroup>
  );
}
