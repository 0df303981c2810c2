/**
 * Every keyboard shortcut, once: the key handlers look actions up here and the help dialog lists this table,
 * so what the dialog says is what the keys do.
 */
export type ShortcutScope = 'everywhere' | 'library' | 'review' | 'activity';

export interface Shortcut {
  readonly id: string;
  /** Key names as in KeyboardEvent.key; `Mod+` means Ctrl (⌘ on a Mac). Any one of them works. */
  readonly keys: readonly string[];
  readonly action: string;
  readonly scope: ShortcutScope;
  /** Also works while typing in a text field (only for keys that type nothing). */
  readonly inTextFields?: boolean;
}

export const scopeNames: Record<ShortcutScope, string> = {
  everywhere: 'Everywhere',
  library: 'Library, with photos selected',
  review: 'Review',
  activity: 'Activity',
};

export const shortcuts = [
  { id: 'help', keys: ['?'], action: 'Show the keyboard shortcuts', scope: 'everywhere' },
  { id: 'go.library', keys: ['1'], action: 'Go to the library', scope: 'everywhere' },
  { id: 'go.review', keys: ['2'], action: 'Go to review', scope: 'everywhere' },
  { id: 'go.activity', keys: ['3'], action: 'Go to activity', scope: 'everywhere' },
  { id: 'go.settings', keys: ['4'], action: 'Go to settings', scope: 'everywhere' },
  { id: 'go.models', keys: ['5'], action: 'Go to models', scope: 'everywhere' },
  { id: 'batch.approve', keys: ['A'], action: 'Approve the selected photos', scope: 'library' },
  {
    id: 'batch.regenerate',
    keys: ['R'],
    action: 'Generate new captions for the selected photos',
    scope: 'library',
  },
  {
    id: 'batch.write',
    keys: ['W'],
    action: "Write the selected photos' alt text into their files",
    scope: 'library',
  },
  { id: 'batch.export', keys: ['E'], action: 'Export the selected photos as CSV', scope: 'library' },
  { id: 'review.next', keys: ['j', 'ArrowRight'], action: 'Next photo (skip this one)', scope: 'review' },
  { id: 'review.previous', keys: ['k', 'ArrowLeft'], action: 'Previous photo', scope: 'review' },
  { id: 'review.edit', keys: ['e'], action: 'Edit the alt text', scope: 'review' },
  {
    id: 'review.save',
    keys: ['Mod+Enter'],
    action: 'Save the description',
    scope: 'review',
    inTextFields: true,
  },
  { id: 'review.approve', keys: ['a'], action: 'Approve the description', scope: 'review' },
  { id: 'review.approveNext', keys: ['y'], action: 'Approve and go to the next photo', scope: 'review' },
  { id: 'review.decorative', keys: ['d'], action: 'Mark as decorative, or not', scope: 'review' },
  { id: 'review.regenerate', keys: ['r'], action: 'Generate a new caption', scope: 'review' },
  { id: 'review.write', keys: ['w'], action: 'Write the alt text into the file', scope: 'review' },
  { id: 'review.undo', keys: ['u'], action: 'Undo the last write', scope: 'review' },
  { id: 'review.speak', keys: ['s'], action: 'Read the alt text aloud', scope: 'review' },
  { id: 'review.ask', keys: ['q'], action: 'Ask a question about the photo', scope: 'review' },
  { id: 'review.compare', keys: ['c'], action: 'Try other models on the photo', scope: 'review' },
  {
    id: 'review.back',
    keys: ['Escape'],
    action: 'Back to the library',
    scope: 'review',
    inTextFields: true,
  },
  { id: 'activity.pause', keys: ['p'], action: 'Pause or resume captions', scope: 'activity' },
  { id: 'activity.cancel', keys: ['x'], action: 'Cancel the remaining captions', scope: 'activity' },
  { id: 'activity.retryCaptions', keys: ['t'], action: 'Retry failed captions', scope: 'activity' },
  { id: 'activity.retryWrites', keys: ['f'], action: 'Retry failed writes', scope: 'activity' },
  { id: 'activity.pauseWrites', keys: ['P'], action: 'Pause or resume writes', scope: 'activity' },
  { id: 'activity.cancelWrites', keys: ['X'], action: 'Cancel the remaining writes', scope: 'activity' },
] as const satisfies readonly Shortcut[];

export type ShortcutId = (typeof shortcuts)[number]['id'];
