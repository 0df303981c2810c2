import { useCallback, useMemo, useSyncExternalStore } from 'react';

/**
 * Hash routes, so a reload keeps the view open and no server needs to know them: `#/`, `#/image/<id>` and
 * `#/settings`.
 */
export type Route = { name: 'library' } | { name: 'image'; id: number | null } | { name: 'settings' };

export function parseRoute(hash: string): Route {
  if (hash === '#/settings') return { name: 'settings' };
  if (!hash.startsWith('#/image/')) return { name: 'library' };
  const text = hash.slice('#/image/'.length);
  const id = /^\d+$/.test(text) ? Number(text) : NaN;
  return { name: 'image', id: Number.isSafeInteger(id) && id > 0 ? id : null };
}

export function routeHref(route: Route): string {
  if (route.name === 'image') return `#/image/${route.id ?? ''}`;
  return route.name === 'settings' ? '#/settings' : '#/';
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
