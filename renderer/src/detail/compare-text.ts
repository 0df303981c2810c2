import type { CompareOption, CompareResult } from '../../../contract/api';

/** Models Compare asks at once. */
export const MAX_COMPARED = 3;

/** Seconds for people, one decimal: "1.2 s". */
function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Where one model's answer stands, in a few words (shown in its list item). */
export function resultProgress(result: CompareResult): string {
  switch (result.state) {
    case 'waiting':
      return 'Waiting its turn.';
    case 'loading':
      return 'Loading the model…';
    case 'writing':
      return 'Writing the alt text…';
    case 'failed':
      return 'No alt text: this model failed.';
    case 'done': {
      const took = result.durationMs === null ? '' : ` in ${seconds(result.durationMs)}`;
      const loaded = result.loadMs === null ? '' : ` (model loaded in ${seconds(result.loadMs)})`;
      const cut = result.stoppedAtTokenLimit ? ' Cut off at the length limit.' : '';
      // A provider's family already says where the photo went.
      const where = result.device && result.candidate.kind === 'model' ? ` on ${result.device}` : '';
      return `Written${took}${loaded}${where}.${cut}`;
    }
  }
}

/** What the polite log says once a model has finished: its answer, or why it has none. */
export function finishedAnnouncement(result: CompareResult): string | null {
  if (result.state === 'done') return `${result.name}: ${result.text}`;
  if (result.state === 'failed') return `${result.name} failed: ${result.message ?? 'no reason was given.'}`;
  return null;
}

/** Why there is little or nothing to compare (null when two or more models are installed). */
export function fewModelsNote(options: readonly CompareOption[]): string | null {
  if (options.length === 0) {
    return 'No model that writes alt text is installed. Download or import at least two in Models, or add a provider in Settings, to compare their answers.';
  }
  if (options.length === 1) {
    const [only] = options;
    const what = only?.candidate.kind === 'provider' ? 'Only one provider and no model' : 'Only one model';
    return `${what} that writes alt text is on offer (${only?.name ?? ''}). Download or import another in Models, or add a provider in Settings, to compare their answers.`;
  }
  return null;
}

/** What is said when a comparison starts. */
export function comparingAnnouncement(count: number): string {
  return count === 1
    ? 'Asking the model for alt text…'
    : `Asking ${count} models for alt text, one after another…`;
}

/** The summary said when the whole comparison is done. */
export function comparisonSummary(results: readonly CompareResult[]): string {
  const answered = results.filter((result) => result.state === 'done').length;
  if (results.length === 1)
    return `Comparison finished: the model ${answered === 1 ? 'answered' : 'gave no alt text'}.`;
  const how = answered === results.length ? `all ${answered}` : `${answered} of ${results.length}`;
  return `Comparison finished: ${how} models answered.`;
}
