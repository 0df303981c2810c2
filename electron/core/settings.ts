import { z } from 'zod';
import type { Db } from './db/open.js';
import { DEVICE_CHOICES } from './captioning/devices.js';
import { canonicalLanguage, DEFAULT_LANGUAGE } from './captioning/prompt-context.js';
import { ALT_TEXT_MAX_LENGTH, ALT_TEXT_TARGET_LENGTH } from './ocr/alt-text-merge.js';
import { ProviderSettings } from './providers/provider-settings.js';

/** The app's settings, each with its default. Stored one JSON value per key; validated when read. */
export const Settings = z.object({
  /** Adding a folder queues a caption for every new image. */
  captionOnAdd: z.boolean().default(true),
  /** A catalog model id, or a model folder. */
  model: z.string().min(1).default('Mozilla/distilvit'),
  device: z.enum(DEVICE_CHOICES).default('auto'),
  /** Look for text in images and put it into the alt text. */
  ocr: z.boolean().default(true),
  /** Approved alt text is written into the file at once. */
  autoWrite: z.boolean().default(false),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  /** What reads the text in photos: PaddleOCR, or Florence-2's <OCR> task when the chosen model has it. */
  textReader: z.enum(['paddle', 'florence2']).default('paddle'),
  /** CPU threads for inference; null lets onnxruntime decide. */
  threads: z.number().int().positive().nullable().default(null),
  /** Alt text style (prompted models): at most this many characters (never over 250). */
  altTextMaxLength: z.number().int().min(20).max(ALT_TEXT_MAX_LENGTH).default(ALT_TEXT_TARGET_LENGTH),
  /** The language alt text is asked for in, a BCP 47 tag. */
  altTextLanguage: z
    .string()
    .refine((tag) => canonicalLanguage(tag) !== null)
    .default(DEFAULT_LANGUAGE),
  /** Context a prompt may carry: the photo's folder name, its file name, descriptions already in the file. */
  contextFolderName: z.boolean().default(true),
  contextFileName: z.boolean().default(true),
  contextMetadata: z.boolean().default(true),
  /** Model providers: the saved ones (no keys), the one the captions use, where sending was agreed to. */
  ...ProviderSettings,
});
export type Settings = z.infer<typeof Settings>;

export class SettingsStore {
  constructor(private readonly db: Db) {}

  read(): Settings {
    const rows = this.db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings').all();
    const stored = Object.fromEntries(rows.map(({ key, value }) => [key, JSON.parse(value) as unknown]));
    const parsed = Settings.safeParse(stored);
    // A value this version does not understand falls back to its default rather than stopping the app.
    return parsed.success ? parsed.data : Settings.parse(keepValid(stored));
  }

  write(changes: Partial<Settings>): Settings {
    const next = Settings.parse({ ...this.read(), ...changes });
    const upsert = this.db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.db.transaction(() => {
      for (const key of Object.keys(changes) as (keyof Settings)[])
        upsert.run(key, JSON.stringify(next[key]));
    })();
    return next;
  }
}

function keepValid(stored: Record<string, unknown>): Record<string, unknown> {
  const shape = Settings.shape;
  return Object.fromEntries(
    Object.entries(stored).filter(
      ([key, value]) => key in shape && shape[key as keyof Settings].safeParse(value).success,
    ),
  );
}
