// `npm start`: runs the built app in Electron. It finds the Electron binary itself instead of importing
// the `electron` package, whose require() starts a download when the binary is missing.
//
// Native modules (better-sqlite3, sharp, onnxruntime-node) must be built for Electron's ABI, which differs
// from Node's. With ALTLENS_REBUILD_NATIVE=1 this script runs `npx electron-builder install-app-deps`
// before launching, which rebuilds them for Electron. It is off by default: node_modules is shared with the
// Node-side CLI, browser mode and the tests, which would then fail to load those modules until the next
// `npm rebuild`. Packaged builds are not affected: electron-builder rebuilds them (npmRebuild: true).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { electronDir, findElectron, root } from './electron-binary.js';

const isWindows = process.platform === 'win32';

/** Runs the package's own installer once; returns why it failed, or null. */
function installElectron() {
  const installer = join(electronDir, 'install.js');
  if (!existsSync(installer)) return 'the electron package is missing from node_modules';
  const result = spawnSync(process.execPath, [installer], {
    cwd: electronDir,
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (result.error) return result.error.message;
  if (result.status === 0) return null;
  const firstLine = `${result.stderr}\n${result.stdout}`
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line !== '');
  return `download failed: ${(firstLine ?? `exit code ${result.status}`).slice(0, 160)}`;
}

function fail(reason) {
  process.stderr.write(
    `AltLens: the Electron binary is not installed and could not be downloaded here (${reason}). ` +
      'Run "npm run serve" to use AltLens in your browser.\n',
  );
  process.exit(1);
}

let electron = findElectron();
if (!electron) {
  const reason = installElectron();
  electron = findElectron();
  if (!electron) fail(reason ?? 'the installer finished but left no binary');
}

if (process.env.ALTLENS_REBUILD_NATIVE === '1') {
  const rebuild = spawnSync('npx', ['electron-builder', 'install-app-deps'], {
    cwd: root,
    stdio: 'inherit',
    shell: isWindows,
  });
  if (rebuild.status !== 0) {
    process.stderr.write('AltLens: rebuilding the native modules for Electron failed (see above).\n');
    process.exit(1);
  }
}

// ELECTRON_RUN_AS_NODE, inherited from some editors' terminals, would make Electron act as plain Node.
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;

const child = spawn(electron, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
const forward = (signal) => () => child.kill(signal);
const signals = { SIGINT: forward('SIGINT'), SIGTERM: forward('SIGTERM') };
for (const [signal, handler] of Object.entries(signals)) process.on(signal, handler);

child.on('error', (error) => {
  process.stderr.write(`AltLens: could not start Electron (${error.message}).\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (signal) {
    // Die of the same signal, so that whoever started `npm start` sees how Electron ended.
    for (const [name, handler] of Object.entries(signals)) process.off(name, handler);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
