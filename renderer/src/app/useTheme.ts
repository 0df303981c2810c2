import { useEffect } from 'react';
import type { ThemeChoice } from '../../../contract/api';

/**
 * Applies the theme setting: `light` or `dark` pins the colour scheme, `system` (or no setting yet) follows
 * prefers-color-scheme. The stylesheet's colours are light-dark() pairs that follow `color-scheme`.
 */
export function useTheme(theme: ThemeChoice | undefined): void {
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'light' || theme === 'dark') root.dataset.theme = theme;
    else delete root.dataset.theme;
  }, [theme]);
}
