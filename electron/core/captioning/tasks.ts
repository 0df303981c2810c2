// What each task is, in words for people, and which catalog model can do one the chosen model cannot: the
// one place the UI's and the CLI's refusals are worded (DESIGN §3).
import { catalog } from '../../../models/catalog.js';
import { familyOf, type CaptionTask } from './architectures.js';

/** What a model that cannot do the task cannot do: "<model> cannot …". */
const CANNOT: Record<CaptionTask, string> = {
  alt: 'write alt text',
  extended: 'write extended descriptions',
  ocr: 'read the text in photos',
  question: 'answer questions about photos',
};

/** The catalog's first model whose family does the task (e.g. SmolVLM-256M-Instruct answers questions). */
export function modelIdFor(task: CaptionTask): string {
  const model = catalog.find((entry) => familyOf(entry.architecture)?.tasks.includes(task));
  if (!model) throw new Error(`The model catalog has no model for the ${task} task.`);
  return model.id;
}

/**
 * Why `modelName` cannot do the task, naming a model that can, with `how` to choose it: e.g. "in Settings"
 * (the app) or "with --model" (the CLI). One line.
 */
export function taskRefusal(task: CaptionTask, modelName: string, how: 'settings' | 'cli'): string {
  const other = modelIdFor(task);
  return how === 'cli'
    ? `${modelName} cannot ${CANNOT[task]}; use a model that can, e.g. --model ${other}.`
    : `${modelName} cannot ${CANNOT[task]}; choose a model that can in Settings, such as ${other}.`;
}
