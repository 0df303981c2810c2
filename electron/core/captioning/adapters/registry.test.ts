import { describe, expect, it } from 'vitest';
import { EMBEDDING_FAMILIES, FAMILIES } from '../architectures.js';
import { adapterFor, embeddingAdapterFor } from './registry.js';

describe('adapterFor', () => {
  it('has an adapter for every family AltLens says it runs', () => {
    for (const family of Object.values(FAMILIES)) expect(adapterFor(family).family).toBe(family);
  });

  it('has an adapter for every embedding family', () => {
    for (const family of Object.values(EMBEDDING_FAMILIES)) {
      expect(embeddingAdapterFor(family).family).toBe(family);
    }
  });
});
