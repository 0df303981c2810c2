// Test helpers (fast-check): damage done to a real image's bytes, described so that a failing case reads plainly.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

/** How a file was damaged: cut short, bits flipped, a stretch overwritten, or a stretch repeated. */
export type Damage =
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'flip'; readonly bits: readonly number[] }
  | { readonly kind: 'overwrite'; readonly at: number; readonly bytes: readonly number[] }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number };

/**
 * Damage to a file of `size` bytes. Most damage falls in the first kilobytes, where the headers, the tag
 * tables and the offsets into the rest of the file are (a flip there sends a decoder furthest astray).
 */
export function damageOf(size: number): fc.Arbitrary<Damage> {
  const head = Math.min(size, 2048);
  const offset = fc.oneof(fc.nat({ max: head - 1 }), fc.nat({ max: size - 1 }));
  return fc.oneof(
    offset.map((at): Damage => ({ kind: 'truncate', at })),
    fc
      .array(fc.oneof(fc.nat({ max: head * 8 - 1 }), fc.nat({ max: size * 8 - 1 })), {
        minLength: 1,
        maxLength: 16,
      })
      .map((bits): Damage => ({ kind: 'flip', bits })),
    fc
      .tuple(
        offset,
        fc.array(fc.oneof(fc.constantFrom(0, 0xff, 0x7f, 0x80), fc.nat({ max: 255 })), {
          minLength: 1,
          maxLength: 64,
        }),
      )
      .map(([at, bytes]): Damage => ({ kind: 'overwrite', at, bytes })),
    fc
      .tuple(offset, fc.integer({ min: 1, max: 512 }))
      .map(([at, length]): Damage => ({ kind: 'duplicate', at, length })),
  );
}

/** The bytes with the damage done (a new buffer; the original is untouched). */
export function applyDamage(original: Buffer, damage: Damage): Buffer {
  switch (damage.kind) {
    case 'truncate':
      return Buffer.from(original.subarray(0, damage.at));
    case 'flip': {
      const bytes = Buffer.from(original);
      for (const bit of damage.bits) {
        const index = Math.floor(bit / 8) % bytes.length;
        bytes[index] = (bytes[index] ?? 0) ^ (1 << (bit % 8));
      }
      return bytes;
    }
    case 'overwrite': {
      const bytes = Buffer.from(original);
      damage.bytes.forEach((value, index) => {
        if (damage.at + index < bytes.length) bytes[damage.at + index] = value;
      });
      return bytes;
    }
    case 'duplicate': {
      const stretch = original.subarray(damage.at, damage.at + damage.length);
      return Buffer.concat([
        original.subarray(0, damage.at + stretch.length),
        stretch,
        original.subarray(damage.at + stretch.length),
      ]);
    }
  }
}

/** The sha256 of every file under `dir` (recursively), by path relative to it: to see that none changed. */
export function hashTree(dir: string): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    hashes.set(path.slice(dir.length + 1), createHash('sha256').update(readFileSync(path)).digest('hex'));
  }
  return hashes;
}
