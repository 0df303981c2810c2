import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, type Route } from './useRoute';

describe('routes', () => {
  it('reads every view from the address hash, and writes it back', () => {
    const routes: [string, Route][] = [
      ['#/', { name: 'library' }],
      ['#/review', { name: 'review', id: null }],
      ['#/review/42', { name: 'review', id: 42 }],
      ['#/activity', { name: 'activity' }],
      ['#/settings', { name: 'settings' }],
      ['#/models', { name: 'models' }],
    ];
    for (const [hash, route] of routes) {
      expect(parseRoute(hash)).toEqual(route);
      expect(routeHref(route)).toBe(hash);
    }
  });

  it('takes anything else for the library, and a bad id for none', () => {
    expect(parseRoute('')).toEqual({ name: 'library' });
    expect(parseRoute('#/nowhere')).toEqual({ name: 'library' });
    expect(parseRoute('#/review/0')).toEqual({ name: 'review', id: null });
    expect(parseRoute('#/review/1e3')).toEqual({ name: 'review', id: null });
  });
});
