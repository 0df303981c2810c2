import type { Route } from './useRoute';

/** The two places in the app; the current one is marked for assistive technology, not by colour alone. */
export function AppNav({ route }: { route: Route }) {
  const inSettings = route.name === 'settings';
  return (
    <nav aria-label="Main" className="app-nav">
      <ul>
        <li>
          <a href="#/" aria-current={route.name === 'library' ? 'page' : undefined}>
            Library
          </a>
        </li>
        <li>
          <a href="#/settings" aria-current={inSettings ? 'page' : undefined}>
            Models and settings
          </a>
        </li>
      </ul>
    </nav>
  );
}
