import { Button } from 'react-aria-components';
import { routeHref, type Route, type RouteName } from './useRoute';

const places: [RouteName, string][] = [
  ['library', 'Library'],
  ['review', 'Review'],
  ['activity', 'Activity'],
  ['settings', 'Settings'],
  ['models', 'Models'],
];

interface Props {
  route: Route;
  onHelp: () => void;
}

/** The places in the app; the current one is marked for assistive technology, not by colour alone. */
export function AppNav({ route, onHelp }: Props) {
  return (
    <nav aria-label="Main" className="app-nav">
      <ul>
        {places.map(([name, label]) => (
          <li key={name}>
            <a
              href={routeHref(name === 'review' ? { name, id: null } : { name })}
              aria-current={route.name === name ? 'page' : undefined}
            >
              {label}
            </a>
          </li>
        ))}
      </ul>
      <Button className="button help-button" onPress={onHelp}>
        Keyboard shortcuts <kbd aria-hidden="true">?</kbd>
      </Button>
    </nav>
  );
}
