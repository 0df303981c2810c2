import { describe, expect, it } from 'vitest';
import { resolveStaticPath } from './static-files.js';

describe('resolveStaticPath', () => {
  it('maps URL paths inside the root, with or without a trailing slash on the root, and nothing outside', () => {
    for (const root of ['/srv/app', '/srv/app/']) {
      expect(resolveStaticPath(root, '/')).toBe('/srv/app/index.html');
      expect(resolveStaticPath(root, '/assets/a%20b.js')).toBe('/srv/app/assets/a b.js');
      expect(resolveStaticPath(root, '/..%2Fsecret.txt')).toBeNull();
      expect(resolveStaticPath(root, '/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
      expect(resolveStaticPath(root, '/%E0%A4%A')).toBeNull();
    }
  });
});
