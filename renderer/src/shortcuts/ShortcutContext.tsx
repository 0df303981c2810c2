import { createContext, useContext, useEffect, useRef } from 'react';
import type { ShortcutId } from './shortcut-table';

export interface ShortcutRegistry {
  /** Makes `run` the action of a shortcut while the caller is mounted; the latest registration wins. */
  register(id: ShortcutId, run: () => void): () => void;
}

export const ShortcutContext = createContext<ShortcutRegistry | null>(null);

/**
 * Runs `run` when the shortcut `id` is pressed, while the calling component is mounted and `enabled`. The
 * newest `run` is always called, so it may close over current state.
 */
export function useShortcut(id: ShortcutId, run: () => void, enabled = true): void {
  const registry = useContext(ShortcutContext);
  const latest = useRef(run);
  useEffect(() => {
    latest.current = run;
  });
  useEffect(() => {
    if (!registry || !enabled) return;
    return registry.register(id, () => latest.current());
  }, [registry, id, enabled]);
}
