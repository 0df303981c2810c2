import { EventEmitter } from 'node:events';
import type { ForkOptions, UtilityProcess } from 'electron';
import { describe, expect, it } from 'vitest';
import { utilityEngineSpawner } from './utility-engine.js';

class FakeUtilityProcess extends EventEmitter {
  pid = 4242;
  posted: unknown[] = [];
  killed = false;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  kill(): boolean {
    this.killed = true;
    return true;
  }
}

describe('caption engine as an Electron utilityProcess (fake Electron)', () => {
  it('forks the engine entry and carries messages, exits and kills across', () => {
    const forks: { modulePath: string; options: ForkOptions | undefined }[] = [];
    const child = new FakeUtilityProcess();
    const spawn = utilityEngineSpawner((modulePath, _args, options) => {
      forks.push({ modulePath, options });
      return child as unknown as UtilityProcess;
    });

    const channel = spawn();
    expect(forks[0]?.modulePath).toMatch(/captioning[\\/]engine-main\.(js|ts)$/);
    expect(forks[0]?.options).toMatchObject({ serviceName: 'AltLens caption engine' });
    expect(channel.pid).toBe(4242);

    const received: unknown[] = [];
    const exits: unknown[] = [];
    channel.onMessage((message) => received.push(message));
    channel.onExit((exit) => exits.push(exit));
    channel.send({ type: 'caption', requestId: 1, path: '/p/a.jpg', ocr: false, prompt: 'Describe.' });
    child.emit('message', { type: 'trying', device: 'cpu' });
    child.emit('exit', 9);
    channel.kill();

    expect(child.posted).toEqual([
      { type: 'caption', requestId: 1, path: '/p/a.jpg', ocr: false, prompt: 'Describe.' },
    ]);
    expect(received).toEqual([{ type: 'trying', device: 'cpu' }]);
    expect(exits).toEqual([{ code: 9, signal: null }]);
    expect(child.killed).toBe(true);
  });
});
