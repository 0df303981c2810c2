import { useEffect, useState } from 'react';
import { mayRun, shortcutFor } from './key-matching';
import { shortcuts, type ShortcutId } from './shortcut-table';
import type { ShortcutRegistry } from './ShortcutContext';

interface Registry extends ShortcutRegistry {
  actionFor(id: ShortcutId): (() => void) | undefined;
}

/** Actions by shortcut; the latest registration of a shortcut is the one that runs. */
function createRegistry(): Registry {
  const actions = new Map<ShortcutId, (() => void)[]>();
  return {
    register(id, run) {
      actions.set(id, [...(actions.get(id) ?? []), run]);
      return () =>
        actions.set(
          id,
          (actions.get(id) ?? []).filter((other) => other !== run),
        );
    },
    actionFor: (id) => actions.get(id)?.at(-1),
  };
}

/**
 * The one key listener of the window: a key press that is a shortcut (and not typing in a text field, moving
 * in a radio group or a grid, or inside a dialog) runs the action registered for it, if any.
 */
export function useShortcutKeys(): ShortcutRegistry {
  const [registry] = useState(createRegistry);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.isComposing) return;
      const shortcut = shortcutFor(shortcuts, event);
      if (!shortcut) return;
      const target = event.target instanceof Element ? event.target : null;
      if (!mayRun(shortcut, event, target)) return;
      const run = registry.actionFor(shortcut.id);
      if (!run) return;
      event.preventDefault();
      run();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [registry]);

  return registry;
}
