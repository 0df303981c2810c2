import type { ApiEvent, CaptionJobState } from '../../contract/api.js';

type Counts = Partial<Record<CaptionJobState, number>>;

interface Batch {
  done: number;
  total: number;
  startedAt: number;
}

/** The system tray icon, as much of Electron's Tray as the status uses. */
export interface TrayLike {
  setToolTip(text: string): void;
  destroy(): void;
}

export interface WorkStatusDeps {
  /** Makes the tray icon (shown only while AltLens is working). */
  createTray: () => TrayLike;
  /** Shows a system notification (Electron's Notification). */
  notify: (title: string, body: string) => void;
  now: () => number;
}

/** A batch at least this long ends with a system notification; a short one only updates the window. */
export const LONG_BATCH_MS = 30_000;

function progress(counts: Counts): { done: number; total: number; left: number } {
  const done = (counts.done ?? 0) + (counts.failed ?? 0);
  const left = (counts.queued ?? 0) + (counts.running ?? 0);
  return { done, total: done + left, left };
}

/**
 * Follows the core's events for the desktop: a tray icon whose tooltip says what is being done while captions,
 * writes or a scan run, and a notification when a long batch of captions or writes finishes.
 */
export class WorkStatus {
  private tray: TrayLike | null = null;
  private readonly batches = new Map<'captions' | 'writes', Batch>();
  private scanning: string | null = null;

  constructor(private readonly deps: WorkStatusDeps) {}

  onEvent(event: ApiEvent): void {
    if (event.type === 'captions.status') this.follow('captions', event.status.counts);
    else if (event.type === 'writes.status') this.follow('writes', event.counts);
    else if (event.type === 'scan.progress') this.scanning = event.folderPath;
    else if (event.type === 'scan.finished' || event.type === 'scan.failed') this.scanning = null;
    else return;
    this.showTray();
  }

  /** What the tray says now; null when nothing is running. */
  text(): string | null {
    const parts: string[] = [];
    const captions = this.batches.get('captions');
    if (captions) parts.push(`captioning ${captions.done} of ${captions.total} photos`);
    const writes = this.batches.get('writes');
    if (writes) parts.push(`writing ${writes.done} of ${writes.total} photos`);
    if (this.scanning) parts.push(`scanning ${this.scanning}`);
    return parts.length === 0 ? null : `AltLens: ${parts.join('; ')}`;
  }

  dispose(): void {
    this.tray?.destroy();
    this.tray = null;
  }

  private follow(kind: 'captions' | 'writes', counts: Counts): void {
    const { done, total, left } = progress(counts);
    const batch = this.batches.get(kind);
    if (left > 0) {
      this.batches.set(kind, { done, total, startedAt: batch?.startedAt ?? this.deps.now() });
      return;
    }
    if (!batch) return;
    this.batches.delete(kind);
    if (this.deps.now() - batch.startedAt < LONG_BATCH_MS) return;
    const failed = counts.failed ?? 0;
    const title = kind === 'captions' ? 'Captions finished' : 'Alt text written';
    const verb = kind === 'captions' ? 'captioned' : 'written';
    this.deps.notify(title, `${counts.done ?? 0} photos ${verb}, ${failed} failed.`);
  }

  private showTray(): void {
    const text = this.text();
    if (text === null) return this.dispose();
    this.tray ??= this.deps.createTray();
    this.tray.setToolTip(text);
  }
}
