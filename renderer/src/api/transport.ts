import type { CallName, MediaKind } from '../../../contract/api';

/**
 * One way of reaching the core. A transport moves raw data only: the client validates every envelope and
 * event against the contract, so a transport never has to be trusted.
 */
export interface Transport {
  /** Sends one call and resolves with the raw envelope the core answered (not yet validated). */
  call(name: CallName, params: unknown): Promise<unknown>;
  /** Listens to pushed events (raw, not yet validated). Returns a function that stops listening. */
  onEvent(listener: (event: unknown) => void): () => void;
  /** The address of an image's media, by id, never by path (in browser mode signed, for a while). */
  mediaUrl(kind: MediaKind, id: number): Promise<string>;
}
