import type { AltTextHint } from '../../../contract/alt-text-hints';
import type { ImageDetail } from '../../../contract/api';

const levelWord: Record<AltTextHint['level'], string> = { error: 'Error', warning: 'Warning' };

/** The key that says whether the hints have changed since they were last spoken. */
export function hintsKey(hints: readonly AltTextHint[]): string {
  return hints.map((hint) => hint.message).join('\n');
}

/**
 * What the polite live region says once typing pauses: the length, and the hints when they changed since
 * they were last spoken (a length hint then stands in for the length).
 */
export function spokenDescriptionText(
  length: number,
  hints: readonly AltTextHint[],
  hintsChanged: boolean,
): string {
  if (!hintsChanged) return `Length: ${length} characters.`;
  if (hints.length === 0) return `Length: ${length} characters. No more hints.`;
  const saysLength = hints.some((hint) => hint.code === 'long' || hint.code === 'too-long');
  const said = hints.map((hint) => `${levelWord[hint.level]}: ${hint.message}`).join(' ');
  return saysLength ? said : `Length: ${length} characters. ${said}`;
}

/**
 * The hints to show and say: errors only once the person has acted (tried to save or approve, or edited the
 * field and left it), so an empty field is not an error before anyone typed; advice at once.
 */
export function shownHints(hints: readonly AltTextHint[], acted: boolean): AltTextHint[] {
  return acted ? [...hints] : hints.filter((hint) => hint.level !== 'error');
}

/** How far an approval has gone: approved, being written into the file, written. */
export type ApprovalStage = 'approved' | 'writing' | 'written';

/** An approval the form has made, and how far it has gone since; `saved`: the approval also saved an edit. */
export interface Approval {
  readonly stage: ApprovalStage;
  readonly saved: boolean;
}

type PhotoState = Pick<ImageDetail, 'status' | 'writeJob'>;

const stageOrder: readonly ApprovalStage[] = ['approved', 'writing', 'written'];

/** Where the photo stands on the way from approved to written; null when it is not on it (not approved). */
export function approvalStage(image: PhotoState): ApprovalStage | null {
  if (image.status === 'written') return 'written';
  if (image.status !== 'approved') return null;
  const job = image.writeJob?.state;
  return job === 'queued' || job === 'running' ? 'writing' : 'approved';
}

/** The approval moves on with the photo, never back: an answer that was already on its way may say less. */
export function followApproval(approval: Approval, image: PhotoState): Approval {
  const stage = approvalStage(image);
  if (stage === null || stageOrder.indexOf(stage) <= stageOrder.indexOf(approval.stage)) return approval;
  return { ...approval, stage };
}

/**
 * The note after an approval, for the photo as it stands now; null while the photo is not where the approval
 * got to (edited since, a write undone or failed), so the note never says what is no longer so.
 */
export function approvalNote(approval: Approval, image: PhotoState): string | null {
  if (approvalStage(image) !== approval.stage) return null;
  const done = approval.saved ? 'Description saved and approved.' : 'Description approved.';
  switch (approval.stage) {
    case 'approved':
      return `${done} It can now be written to the file.`;
    case 'writing':
      return `${done} It is being written to the file.`;
    case 'written':
      return 'Description approved and written to the file. Undo last write puts back what the file held before.';
  }
}
