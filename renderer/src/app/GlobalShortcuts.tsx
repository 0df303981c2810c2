import { useShortcut } from '../shortcuts/ShortcutContext';
import type { Route } from './useRoute';

interface Props {
  navigate: (route: Route) => void;
  onHelp: () => void;
}

/** The shortcuts that work in every view: the help dialog, and going to each view. */
export function GlobalShortcuts({ navigate, onHelp }: Props) {
  useShortcut('help', onHelp);
  useShortcut('go.library', () => navigate({ name: 'library' }));
  useShortcut('go.review', () => navigate({ name: 'review', id: null }));
  useShortcut('go.activity', () => navigate({ name: 'activity' }));
  useShortcut('go.settings', () => navigate({ name: 'settings' }));
  useShortcut('go.models', () => navigate({ name: 'models' }));
  return null;
}
