import type { ApiEvent } from '../../contract/api.js';

export type EventListener = (event: ApiEvent) => void;

/** Fan-out of the core's pushed events to every connected UI (IPC window, SSE stream, CLI). */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: ApiEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // One broken listener (a closed stream, say) must not stop the others.
        console.error('AltLens: an event listener failed:', error);
      }
    }
  }
}
