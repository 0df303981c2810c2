import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../api/ApiContext';

/**
 * The text so far of what the model is writing for this photo (`caption.token` events of one task), or
 * null before the first piece and after `reset`. Listens from the start, so no piece is missed.
 */
export function useTokenStream(
  imageId: number,
  task: 'alt' | 'extended',
): [text: string | null, reset: () => void] {
  const api = useApi();
  const [text, setText] = useState<string | null>(null);
  useEffect(
    () =>
      api.subscribe((event) => {
        if (event.type === 'caption.token' && event.imageId === imageId && event.task === task)
          setText((before) => (before ?? '') + event.text);
      }),
    [api, imageId, task],
  );
  const reset = useCallback(() => setText(null), []);
  return [text, reset];
}
