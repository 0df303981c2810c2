import { ApiEvent } from '../../../contract/api.js';

/** Reads an `/api/events` stream: waits for the first event that matches, validated by the contract. */
export function readEvents(response: Response) {
  const reader = response.body?.getReader();
  if (!reader) throw new Error('no event stream body');
  const decoder = new TextDecoder();
  let buffered = '';
  return {
    async until(match: (event: ApiEvent) => boolean): Promise<ApiEvent> {
      for (;;) {
        const messages = buffered.split('\n\n');
        buffered = messages.pop() ?? '';
        for (const message of messages) {
          if (!message.startsWith('data: ')) continue;
          const event = ApiEvent.parse(JSON.parse(message.slice('data: '.length)));
          if (match(event)) return event;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the event stream ended');
        buffered += decoder.decode(value, { stream: true });
      }
    },
    cancel: () => reader.cancel(),
  };
}
