import { useCallback, useMemo, useSyncExternalStore } from 'react';

/**
 * Hash routes, so a reload keeps the view open and no server needs to know them: `#/` (library),
 * `#/review/<id>` (or `#/review`: the first photo that needs review), `#/activity`, `#/settings`, `#/models`.
 */
export type Route =
  | { name: 'library' }
  | { name: 'review'; id: number | null }
  | { name: 'activity' }
  | { name: 'settings' }
  | { name: 'models' };

export type RouteName = Route['name'];

const simple: Record<string, Route> = {
  '#/activity': { name: 'activity' },
  '#/settings': { name: 'settings' },
  '#/models': { name: 'models' },
  '#/review': { name: 'review', id: null },
};

export function parseRoute(hash: string): Route {
  const named = simple[hash];
  if (named) return named;
  if (!hash.startsWith('#/review/')) return { name: 'library' };
  const text = hash.slice('#/review/'.length);
  const id = /^\d+$/.test(text) ? Number(text) : NaN;
  return { name: 'review', id: Number.isSafeInteger(id) && id > 0 ? id : null };
}

export function routeHref(route: Route): string {
  if (route.name === 'review') return route.id === null ? '#/review' : `#/review/${route.id}`;
  return route.name === 'library' ? '#/' : `#/${route.name}`;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const getHash = (): string => window.location.hash;

export function useRoute(): [Route, (route: Route) => void] {
  const hash = useSyncExternalStore(subscribe, getHash);
  const navigate = useCallback((route: Route) => {
    window.location.hash = routeHref(route);
  }, []);
  const route = useMemo(() => parseRoute(hash), [hash]);
  return [route, navigate];
}
