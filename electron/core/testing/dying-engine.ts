// Test helper: a real engine process killed at a chosen moment (kill -9), for the crash tests.
import { forkEngine, type EngineSpawner } from '../captioning/engine-channel.js';

/**
 * Real engine processes; the one that loads the model `doomedId` is killed (SIGKILL) as soon as it has sent
 * the first piece of its answer, and whatever it sent after that is dropped, as it was never sent.
 */
export function diesAfterFirstToken(doomedId: string): EngineSpawner {
  return () => {
    const channel = forkEngine();
    let doomed = false;
    let dead = false;
    return {
      pid: channel.pid,
      send: (message) => {
        if (message.type === 'load' && message.modelId === doomedId) doomed = true;
        channel.send(message);
      },
      onMessage: (listener) =>
        channel.onMessage((message) => {
          if (dead) return;
          listener(message);
          if (doomed && (message as { type?: unknown }).type === 'token') {
            dead = true;
            process.kill(channel.pid ?? 0, 'SIGKILL');
          }
        }),
      onExit: (listener) => channel.onExit(listener),
      kill: () => channel.kill(),
    };
  };
}
