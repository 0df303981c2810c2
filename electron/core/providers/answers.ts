// What providers are asked to give back and how their answers are read: for the alt and extended tasks a
// JSON object (alt text, extended description, visible text) where the API takes a JSON schema; free text
// otherwise, cleaned by the one answer cleaner every on-device model's answer goes through.
import { z } from 'zod';
import { cleanAnswer } from '../captioning/answer-cleaner.js';
import { buildPrompt } from '../captioning/prompt.js';
import { ProviderError, type DescribeRequest, type DescribeResult, type TokenUsage } from './provider.js';

/** The JSON schema of a structured description (strict: every field required, nothing else). */
export const DESCRIPTION_SCHEMA = {
  type: 'object',
  properties: {
    alt_text: {
      type: 'string',
      description: 'Alt text for the photo, as the instructions ask.',
    },
    extended_description: {
      type: 'string',
      description: 'A longer description of the photo for a person who cannot see it, a few sentences.',
    },
    visible_text: {
      type: 'string',
      description: 'Text legible in the photo, exactly as written; empty when there is none.',
    },
  },
  required: ['alt_text', 'extended_description', 'visible_text'],
  additionalProperties: false,
} as const;

const StructuredDescription = z.object({
  alt_text: z.string(),
  extended_description: z.string(),
  visible_text: z.string(),
});

/** Whether the task's answer is asked for as a JSON object. */
export function wantsStructured(task: DescribeRequest['task']): boolean {
  return task === 'alt' || task === 'extended';
}

/** The instruction for the request, from the one prompt builder. */
export function promptFor(request: DescribeRequest): string {
  const { task, question, maxLength, style, prompt } = request;
  if (prompt !== undefined) return prompt;
  return buildPrompt({
    ...style,
    task,
    ...(question === undefined ? {} : { question }),
    ...(maxLength === undefined ? {} : { maxLength }),
  });
}

/** Most tokens a provider may generate: room for the JSON object, or a short answer. */
export function maxTokensFor(task: DescribeRequest['task']): number {
  return wantsStructured(task) ? 1024 : 512;
}

export interface RawAnswer {
  readonly text: string;
  readonly stoppedAtTokenLimit: boolean;
  readonly usage: TokenUsage | null;
  readonly model: string;
  /** The answer was asked for as JSON. */
  readonly structured: boolean;
}

/** Reads a provider's answer for the request into the common result. */
export function readAnswer(request: DescribeRequest, raw: RawAnswer, label: string): DescribeResult {
  const clean = (text: string) => cleanAnswer(text, { stoppedAtTokenLimit: raw.stoppedAtTokenLimit });
  const base = {
    stoppedAtTokenLimit: raw.stoppedAtTokenLimit,
    usage: raw.usage,
    model: raw.model,
    remote: true,
  };
  const parsed = raw.structured ? parseStructured(raw.text) : null;
  if (parsed) {
    const altText = clean(parsed.alt_text);
    const extendedDescription = clean(parsed.extended_description);
    const text = request.task === 'extended' ? extendedDescription : altText;
    if (text === '') throw new ProviderError('bad-answer', `${label} gave an empty description.`);
    return { ...base, text, altText, extendedDescription, visibleText: parsed.visible_text.trim() };
  }
  if (raw.structured && raw.text.trim().startsWith('{')) {
    throw new ProviderError(
      'bad-answer',
      raw.stoppedAtTokenLimit
        ? `${label} stopped at its token limit before it finished the description.`
        : `${label} did not give the description in the form asked for.`,
    );
  }
  const text = clean(raw.text);
  if (text === '') throw new ProviderError('bad-answer', `${label} gave an empty answer.`);
  return { ...base, text, altText: null, extendedDescription: null, visibleText: '' };
}

function parseStructured(text: string): z.infer<typeof StructuredDescription> | null {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return null;
  try {
    const parsed = StructuredDescription.safeParse(JSON.parse(text.slice(start, end + 1)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
