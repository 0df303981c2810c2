#!/usr/bin/env node
// The `altlens` command: runs the compiled CLI (built by `npm install` through the package's prepare step).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/node/electron/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('altlens: AltLens is not built yet. Run "npm install" (or "npm run build") first.\n');
  process.exit(1);
}
await import(entry.href);
