import { chmodSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyFile, keyFromEnvironment, maskKey, scrubKey } from './keys.js';

describe('provider keys', () => {
  it('come from the provider’s own variable first, else the kind’s default', () => {
    const env = { OPENAI_API_KEY: 'default-key', LAB_KEY: 'lab-key' };
    expect(keyFromEnvironment('openai', 'LAB_KEY', env)).toBe('lab-key');
    expect(keyFromEnvironment('openai', undefined, env)).toBe('default-key');
    expect(keyFromEnvironment('anthropic', undefined, env)).toBeNull();
    expect(keyFromEnvironment('ollama', undefined, env)).toBeNull();
  });

  it('are shown masked, and scrubbed from text even where a server echoes a piece of them', () => {
    const key = 'sk-proj-abcdefghijklmnop1234';
    expect(maskKey(key)).toBe('••••1234');
    const said = scrubKey(`key ${key} and echoed sk-proj-***1234 and ${key.slice(3, 14)}`, key);
    expect(said).not.toContain(key);
    expect(said).not.toContain(key.slice(3, 14));
  });

  it('are saved in a 0600 file, and a file others can read is refused', async () => {
    const file = new KeyFile(join(mkdtempSync(join(tmpdir(), 'altlens-keys-')), 'provider-keys.json'));
    await file.save('lab', 'secret-1');
    await file.save('cloud', 'secret-2');
    expect(statSync(file.path).mode & 0o777).toBe(0o600);
    expect(await file.read('lab')).toBe('secret-1');
    await file.remove('lab');
    expect(await file.read('lab')).toBeNull();
    expect(JSON.parse(readFileSync(file.path, 'utf8'))).toEqual({ cloud: 'secret-2' });
    chmodSync(file.path, 0o644);
    await expect(file.read('cloud')).rejects.toThrow(/can be read by others/);
  });
});
