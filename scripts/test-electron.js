// `npm run test:electron`: the desktop shell's own test (e2e-electron/, Playwright's _electron), opt-in and
// not part of `npm test`. Where no Electron binary is installed (it cannot be downloaded on machines that
// reach only the npm registry) it says so in one line and exits 0.
//
// Where one is installed: builds the app, rebuilds the native modules for Electron's ABI
// (`electron-builder install-app-deps`), runs the shell's tests, then rebuilds better-sqlite3 for Node
// again so that `npm test`, the CLI and browser mode keep working (sharp and onnxruntime-node use Node-API,
// whose binaries serve both).
import { spawnSync } from 'node:child_process';
import { findElectron, root } from './electron-binary.js';

const binary = findElectron();
if (!binary) {
  process.stdout.write(
    'test:electron skipped: no Electron binary is installed (node_modules/electron/dist is missing; ' +
      'its download is not reachable from this machine).\n',
  );
  process.exit(0);
}

const isWindows = process.platform === 'win32';
function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: isWindows, env });
  return result.status ?? 1;
}

let status = run('npm', ['run', 'build']);
if (status === 0) status = run('npx', ['electron-builder', 'install-app-deps']);
if (status === 0) {
  status = run('npx', ['playwright', 'test', '-c', 'playwright.electron.config.ts'], {
    ...process.env,
    ALTLENS_ELECTRON_BINARY: binary,
  });
}
const restored = run('npm', ['rebuild', 'better-sqlite3']);
if (restored !== 0)
  process.stderr.write('test:electron: rebuilding better-sqlite3 for Node failed (see above).\n');
process.exit(status === 0 ? restored : status);
