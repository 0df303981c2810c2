import { createContext, useContext } from 'react';

/**
 * Fills the window's one polite live region for milestones and results ("Captions finished: …", "Write
 * failed: …"). The App owns the region and provides this.
 */
export const AnnounceContext = createContext<((message: string) => void) | null>(null);

export function useAnnounce(): (message: string) => void {
  const announce = useContext(AnnounceContext);
  if (!announce) throw new Error('useAnnounce must be used inside <AnnounceContext value={…}>.');
  return announce;
}
