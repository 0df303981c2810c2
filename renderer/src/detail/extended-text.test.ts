import { describe, expect, it } from 'vitest';
import { appendToExtended } from './extended-text';

describe('appendToExtended', () => {
  it('starts an empty extended description with the addition', () => {
    expect(appendToExtended(null, ' A red kite over the beach. ')).toBe('A red kite over the beach.');
    expect(appendToExtended('  \n', 'A red kite.')).toBe('A red kite.');
  });

  it('keeps what it held and adds after a blank line', () => {
    expect(appendToExtended('Taken at dawn.', 'The sign says "EXIT".')).toBe(
      'Taken at dawn.\n\nThe sign says "EXIT".',
    );
  });

  it('leaves it as it was when there is nothing to add', () => {
    expect(appendToExtended('Taken at dawn.\n', '   ')).toBe('Taken at dawn.');
  });
});
