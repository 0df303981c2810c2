import { describe, expect, it } from 'vitest';
import { keyLabel, keyMatches, mayRun, shortcutFor, type KeyPress, type TargetLike } from './key-matching';
import { shortcuts } from './shortcut-table';

function press(key: string, modifiers: Partial<KeyPress> = {}): KeyPress {
  return { key, ctrlKey: false, metaKey: false, altKey: false, ...modifiers };
}

/** An element inside whatever the given selectors match (checked by the selector's own text). */
function inside(...matches: string[]): TargetLike {
  return { closest: (selector: string) => (matches.some((m) => selector.includes(m)) ? {} : null) };
}

const byId = (id: string) => {
  const shortcut = shortcuts.find((s) => s.id === id);
  if (!shortcut) throw new Error(`no shortcut ${id}`);
  return shortcut;
};

describe('keyMatches', () => {
  it('matches plain keys without modifiers, and Mod+ with Ctrl or ⌘', () => {
    expect(keyMatches('a', press('a'))).toBe(true);
    expect(keyMatches('a', press('A'))).toBe(false);
    expect(keyMatches('a', press('a', { ctrlKey: true }))).toBe(false);
    expect(keyMatches('a', press('a', { altKey: true }))).toBe(false);
    expect(keyMatches('Mod+Enter', press('Enter', { ctrlKey: true }))).toBe(true);
    expect(keyMatches('Mod+Enter', press('Enter', { metaKey: true }))).toBe(true);
    expect(keyMatches('Mod+Enter', press('Enter'))).toBe(false);
    expect(keyMatches('?', press('?'))).toBe(true);
  });
});

describe('shortcutFor', () => {
  it('finds each shortcut by any of its keys', () => {
    expect(shortcutFor(shortcuts, press('j'))?.id).toBe('review.next');
    expect(shortcutFor(shortcuts, press('ArrowRight'))?.id).toBe('review.next');
    expect(shortcutFor(shortcuts, press('k'))?.id).toBe('review.previous');
    expect(shortcutFor(shortcuts, press('?'))?.id).toBe('help');
    expect(shortcutFor(shortcuts, press('q'))?.id).toBe('review.ask');
    expect(shortcutFor(shortcuts, press('c'))?.id).toBe('review.compare');
    expect(shortcutFor(shortcuts, press('z'))).toBeUndefined();
  });

  it('has no key used twice', () => {
    const keys = shortcuts.flatMap((shortcut) => shortcut.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('mayRun', () => {
  it('lets a letter act anywhere but in text fields and dialogs', () => {
    const approve = byId('review.approve');
    expect(mayRun(approve, press('a'), null)).toBe(true);
    expect(mayRun(approve, press('a'), inside())).toBe(true);
    expect(mayRun(approve, press('a'), inside('textarea'))).toBe(false);
    expect(mayRun(approve, press('a'), inside('[role="searchbox"]'))).toBe(false);
    expect(mayRun(approve, press('a'), inside('[role="dialog"]'))).toBe(false);
  });

  it('lets keys that type nothing act in text fields when the shortcut says so', () => {
    expect(mayRun(byId('review.back'), press('Escape'), inside('textarea'))).toBe(true);
    expect(mayRun(byId('review.save'), press('Enter', { ctrlKey: true }), inside('textarea'))).toBe(true);
  });

  it('leaves arrow keys to radio groups and grids', () => {
    const next = byId('review.next');
    expect(mayRun(next, press('ArrowRight'), inside('[role="radiogroup"]'))).toBe(false);
    expect(mayRun(next, press('ArrowRight'), inside('[role="grid"]'))).toBe(false);
    // A photo at 100 % pans with the arrow keys: they do not go to the next photo there.
    expect(mayRun(next, press('ArrowRight'), inside('[data-pans]'))).toBe(false);
    expect(mayRun(next, press('j'), inside('[data-pans]'))).toBe(true);
    expect(mayRun(next, press('j'), inside('[role="grid"]'))).toBe(true);
  });
});

describe('keyLabel', () => {
  it('writes keys for people', () => {
    expect(keyLabel('Mod+Enter', false)).toBe('Ctrl+Enter');
    expect(keyLabel('Mod+Enter', true)).toBe('⌘+Enter');
    expect(keyLabel('ArrowLeft', false)).toBe('←');
    expect(keyLabel('Escape', false)).toBe('Esc');
    expect(keyLabel('a', false)).toBe('a');
    expect(keyLabel('A', false)).toBe('Shift+A');
  });
});
