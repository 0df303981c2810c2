import type { ReactNode } from 'react';
import { Checkbox, type CheckboxProps } from 'react-aria-components';

/** A react-aria checkbox drawn as a box with a tick; its state is also in its accessible role, not colour. */
export function CheckboxField({
  children,
  ...props
}: Omit<CheckboxProps, 'children'> & { children: ReactNode }) {
  return (
    <Checkbox className="checkbox" {...props}>
      <span className="checkbox-box" aria-hidden="true">
        <svg viewBox="0 0 18 18" focusable="false">
          <polyline points="3.5 9.5 7.5 13.5 14.5 5" />
        </svg>
      </span>
      <span>{children}</span>
    </Checkbox>
  );
}
