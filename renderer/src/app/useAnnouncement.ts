import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Text for a polite live region. `announce` clears the region first, so the same message said twice is
 * announced twice.
 */
export function useAnnouncement(): [string, (message: string) => void] {
  const [text, setText] = useState('');
  const timer = useRef<number | undefined>(undefined);

  const announce = useCallback((message: string) => {
    window.clearTimeout(timer.current);
    setText('');
    timer.current = window.setTimeout(() => setText(message), 100);
  }, []);

  useEffect(() => () => window.clearTimeout(timer.current), []);
  return [text, announce];
}
