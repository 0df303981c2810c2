import { describe, expect, it } from 'vitest';
import { altTextHints } from '../../../contract/alt-text-hints';
import {
  approvalNote,
  approvalStage,
  followApproval,
  hintsKey,
  shownHints,
  spokenDescriptionText,
  type Approval,
} from './description-text';

const options = { decorative: false };

describe('spokenDescriptionText', () => {
  it('says only the length while the hints stay the same', () => {
    expect(spokenDescriptionText(12, altTextHints('Photo of a cat.', options), false)).toBe(
      'Length: 12 characters.',
    );
  });

  it('says new hints with their level after the length', () => {
    expect(spokenDescriptionText(15, altTextHints('Photo of a cat.', options), true)).toBe(
      'Length: 15 characters. Warning: Screen readers already say it is an image: leave out “Photo of”.',
    );
  });

  it('lets a length hint stand in for the length', () => {
    const text = 'a'.repeat(130);
    expect(spokenDescriptionText(130, altTextHints(text, options), true)).toBe(
      'Warning: Long: 130 characters; aim for 125 or fewer.',
    );
  });

  it('says when the hints have gone', () => {
    expect(spokenDescriptionText(20, [], true)).toBe('Length: 20 characters. No more hints.');
  });
});

describe('hintsKey', () => {
  it('changes when a message changes, not otherwise', () => {
    const a = hintsKey(altTextHints('a'.repeat(130), options));
    expect(hintsKey(altTextHints('b'.repeat(130), options))).toBe(a);
    expect(hintsKey(altTextHints('a'.repeat(131), options))).not.toBe(a);
    expect(hintsKey([])).toBe('');
  });
});

describe('shownHints', () => {
  const empty = altTextHints('', options);

  it('keeps the empty-field error back until the person has acted, and shows advice at once', () => {
    expect(empty.map((hint) => hint.level)).toEqual(['error']);
    expect(shownHints(empty, false)).toEqual([]);
    expect(shownHints(empty, true)).toEqual(empty);
    const advice = altTextHints('Photo of a cat.', options);
    expect(shownHints(advice, false)).toEqual(advice);
  });
});

describe('the note after an approval', () => {
  const approved = { status: 'approved', writeJob: null } as const;
  const writing = { status: 'approved', writeJob: { state: 'running', error: null } } as const;
  const failed = {
    status: 'approved',
    writeJob: { state: 'failed', error: 'The file is read-only.' },
  } as const;
  const written = { status: 'written', writeJob: { state: 'done', error: null } } as const;
  const edited = { status: 'edited', writeJob: null } as const;

  it('knows where the photo stands between approved and written', () => {
    expect(approvalStage(approved)).toBe('approved');
    expect(approvalStage({ status: 'approved', writeJob: { state: 'queued', error: null } })).toBe('writing');
    expect(approvalStage(writing)).toBe('writing');
    expect(approvalStage(failed)).toBe('approved');
    expect(approvalStage(written)).toBe('written');
    expect(approvalStage(edited)).toBeNull();
  });

  it('says written, with its undo, once the approved text is in the file, and never "can now be written" again', () => {
    let approval: Approval = { stage: 'approved', saved: false };
    expect(approvalNote(approval, approved)).toBe('Description approved. It can now be written to the file.');
    approval = followApproval(approval, writing);
    expect(approvalNote(approval, writing)).toBe('Description approved. It is being written to the file.');
    approval = followApproval(approval, written);
    expect(approvalNote(approval, written)).toBe(
      'Description approved and written to the file. Undo last write puts back what the file held before.',
    );
    // An answer that was already on its way says less: the approval does not go back with it.
    expect(followApproval(approval, approved)).toBe(approval);
    expect(approvalNote(approval, approved)).toBeNull();
  });

  it('says nothing once the photo went back: edited, the write undone or failed', () => {
    const approval: Approval = { stage: 'approved', saved: true };
    expect(approvalNote(approval, approved)).toBe(
      'Description saved and approved. It can now be written to the file.',
    );
    expect(approvalNote(approval, edited)).toBeNull();
    const wasWriting = followApproval(approval, writing);
    expect(approvalNote(wasWriting, failed)).toBeNull();
  });
});
