import { Label, ProgressBar } from 'react-aria-components';

interface Props {
  label: string;
  value: number;
  maxValue: number;
  /** What the bar says, visibly and to assistive technology (aria-valuetext). */
  valueText: string;
  isIndeterminate?: boolean;
}

/** A labelled react-aria progress bar that shows its value in words as well as in length. */
export function Meter({ label, value, maxValue, valueText, isIndeterminate = false }: Props) {
  return (
    <ProgressBar
      className="progress"
      isIndeterminate={isIndeterminate}
      value={value}
      maxValue={maxValue > 0 ? maxValue : 1}
      valueLabel={valueText}
    >
      {({ percentage }) => (
        <>
          <div className="progress-labels">
            <Label>{label}</Label>
            <span className="progress-value">{valueText}</span>
          </div>
          <div className="progress-track">
            <div
              className={isIndeterminate ? 'progress-fill progress-fill-indeterminate' : 'progress-fill'}
              style={isIndeterminate ? undefined : { width: `${percentage ?? 0}%` }}
            />
          </div>
        </>
      )}
    </ProgressBar>
  );
}
