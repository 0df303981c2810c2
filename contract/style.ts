// The alt-text style and context parts of the API contract (issue 12, item 3): the style settings, a
// folder's own context settings, and what made a generated description (its provenance). Imports zod only,
// so the renderer can use it too.
import { z } from 'zod';

/** The longest note a person may write for a folder. */
export const FOLDER_NOTE_MAX_LENGTH = 500;

const LanguageTag = z
  .string()
  .trim()
  .min(1, 'Give a language tag, such as en, de or pt-BR.')
  .max(35)
  .refine((tag) => {
    try {
      return Intl.getCanonicalLocales(tag).length === 1;
    } catch {
      return false;
    }
  }, 'That is not a language tag: use one such as en, de or pt-BR (BCP 47).');

/** The style settings, part of AppSettings. */
export const StyleSettings = z.object({
  /** Alt text is at most this many characters (prompted models are asked for it; longer text is cut). */
  altTextMaxLength: z
    .number()
    .int()
    .min(20, 'Alt text needs room: allow at least 20 characters.')
    .max(250, 'Alt text is never longer than 250 characters.'),
  /** The language alt text is asked for in (BCP 47). */
  altTextLanguage: LanguageTag,
  /** Context the prompt may carry: the folder's name, the file's name, descriptions already in the file. */
  contextFolderName: z.boolean(),
  contextFileName: z.boolean(),
  contextMetadata: z.boolean(),
});
export type StyleSettings = z.infer<typeof StyleSettings>;

/** A folder's own context: a note for its photos' prompts, and whether identity words are allowed. */
export const FolderContext = z.object({
  folderId: z.number().int().positive(),
  /** A note the person wrote ("my sister's wedding in Lisbon, 2024"); empty for none. */
  note: z.string(),
  /** Prompts may say gender, age or ethnicity where visible, and name people the note names. */
  allowIdentity: z.boolean(),
  /**
   * What describes this folder's photos: null as the library (Settings), 'on-device' this computer
   * whatever the library uses, or the name of a saved provider the person agreed to send photos to.
   */
  provider: z.string().nullable(),
});
export type FolderContext = z.infer<typeof FolderContext>;

export const FolderContextChanges = z.object({
  folderId: z.number().int().positive(),
  note: z
    .string()
    .max(FOLDER_NOTE_MAX_LENGTH, `A folder note may be at most ${FOLDER_NOTE_MAX_LENGTH} characters long.`)
    .refine((text) => !text.includes('\u0000'), 'A folder note may not contain NUL characters.')
    .optional(),
  allowIdentity: z.boolean().optional(),
  provider: z.string().min(1).max(40).nullable().optional(),
});

/** What made a generated description: the prompt's settings and the context it carried. */
export const CaptionProvenance = z.object({
  /** The model took the written prompt; false: it takes none (task tokens), so style and context were unused. */
  prompted: z.boolean(),
  maxLength: z.number().int(),
  language: z.string(),
  allowIdentity: z.boolean(),
  /** The context pieces the prompt carried, as they went in. */
  context: z.array(z.object({ label: z.string(), value: z.string() })),
  /** The first answer was over the limit and the model was asked once for a shorter one. */
  retriedShorter: z.boolean(),
  /** The text was still over the limit and was cut (at a sentence end where one fit). */
  cutToLength: z.boolean(),
  /** The photo was sent to a model provider for it (issue 13); absent: it was made on this computer. */
  remote: z
    .object({
      kind: z.enum(['ollama', 'openai', 'anthropic']),
      /** Where the photo went, for people: "Ollama at http://127.0.0.1:11434". */
      destination: z.string(),
      /** The saved provider's name; null for one given on the command line. */
      provider: z.string().nullable(),
      /** The model that answered, as the provider names it. */
      model: z.string(),
    })
    .optional(),
});
export type CaptionProvenance = z.infer<typeof CaptionProvenance>;
