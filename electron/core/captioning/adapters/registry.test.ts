import { describe, expect, it } from 'vitest';
import { FAMILIES } from '../architectures.js';
import { adapterFor } from './registry.js';

describe('adapterFor', () => {
  it('has an adapter for every family AltLens says it runs', () => {
    for (const family of Object.values(FAMILIES)) expect(adapterFor(family).family).toBe(family);
  });
});
