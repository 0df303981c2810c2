import type { Shortcut } from './shortcut-table';

/** The parts of a KeyboardEvent that decide which shortcut it is. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

const ARROWS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown']);

/** Whether `press` is `spec` (`a`, `?`, `ArrowRight`, `Mod+Enter`). Shift only matters through the key it types. */
export function keyMatches(spec: string, press: KeyPress): boolean {
  const mod = spec.startsWith('Mod+');
  const key = mod ? spec.slice('Mod+'.length) : spec;
  if (press.altKey) return false;
  if (mod !== (press.ctrlKey || press.metaKey)) return false;
  return press.key === key;
}

/** The shortcut a key press stands for, among `table`, or undefined. */
export function shortcutFor<S extends Shortcut>(table: readonly S[], press: KeyPress): S | undefined {
  return table.find((shortcut) => shortcut.keys.some((spec) => keyMatches(spec, press)));
}

/** The parts of an element the guards read, so they can be tested without a DOM. */
export interface TargetLike {
  closest(selector: string): unknown;
}

/** Where typing happens: a key pressed there is text, not a shortcut. */
export const TEXT_ENTRY =
  'input:not([type="checkbox"]):not([type="radio"]):not([type="button"]):not([type="submit"]), textarea, select, [contenteditable=""], [contenteditable="true"], [role="textbox"], [role="searchbox"], [role="combobox"]';

/** Widgets whose arrow keys move within them (radio groups, grids, lists, sliders, a photo that pans). */
export const ARROW_WIDGET =
  '[role="radiogroup"], [role="grid"], [role="listbox"], [role="menu"], [role="tablist"], [role="slider"], [role="tree"], [data-pans]';

/** Open dialogs handle their own keys. */
export const DIALOG = '[role="dialog"], [role="alertdialog"]';

/** Whether a shortcut may act on this key press, given where focus is. */
export function mayRun(shortcut: Shortcut, press: KeyPress, target: TargetLike | null): boolean {
  if (!target) return true;
  if (target.closest(DIALOG)) return false;
  if (!shortcut.inTextFields && target.closest(TEXT_ENTRY)) return false;
  if (ARROWS.has(press.key) && target.closest(ARROW_WIDGET)) return false;
  return true;
}

/** How a key is written for people: `Ctrl+Enter` (⌘+Enter on a Mac), `→` for ArrowRight, `Shift+A` for A. */
export function keyLabel(spec: string, mac: boolean): string {
  const names: Record<string, string> = {
    ArrowLeft: '←',
    ArrowRight: '→',
    ArrowUp: '↑',
    ArrowDown: '↓',
    Escape: 'Esc',
  };
  const mod = spec.startsWith('Mod+');
  const key = mod ? spec.slice('Mod+'.length) : spec;
  // A capital letter is typed with Shift: said so, so that `P` is not read as `p`.
  const name = names[key] ?? (/^[A-Z]$/.test(key) ? `Shift+${key}` : key);
  return mod ? `${mac ? '⌘' : 'Ctrl'}+${name}` : name;
}
