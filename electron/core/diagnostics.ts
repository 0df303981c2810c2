import { ExifTool } from 'exiftool-vendored';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeTinyCaptioner } from '../../models/test-model/tiny-captioner.js';
import { CaptionEngine } from './captioning/caption-engine.js';
import { deviceCandidates, type Device } from './captioning/devices.js';
import { exiftoolProcessOptions } from './metadata/exiftool-process.js';

export interface DeviceCheck {
  readonly device: Device;
  readonly works: boolean;
  /** Why it does not work (null when it does). */
  readonly reason: string | null;
}

export interface Diagnostics {
  readonly platform: string;
  readonly node: string;
  readonly cpus: number;
  readonly versions: { onnxruntimeNode: string; transformers: string; exiftool: string | null };
  readonly modelCache: string;
  readonly devices: readonly DeviceCheck[];
}

/**
 * What `altlens doctor` reports. Each device is tried for real: the tiny built-in test model is loaded
 * and run on it in its own engine process (a device that crashes takes only that process down).
 */
export async function diagnose(modelCache: string): Promise<Diagnostics> {
  const require = createRequire(import.meta.url);
  // Found from the resolved entry upwards: transformers.js does not export its package.json.
  const versionOf = (name: string): string => {
    for (let dir = dirname(require.resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
      const manifest = join(dir, 'package.json');
      if (!existsSync(manifest)) continue;
      const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (parsed.name === name && parsed.version) return parsed.version;
    }
    return 'unknown';
  };
  return {
    platform: `${process.platform} ${process.arch}`,
    node: process.version,
    cpus: cpus().length,
    versions: {
      onnxruntimeNode: versionOf('onnxruntime-node'),
      transformers: versionOf('@huggingface/transformers'),
      exiftool: await exiftoolVersion(),
    },
    modelCache,
    devices: await checkDevices(),
  };
}

async function checkDevices(): Promise<DeviceCheck[]> {
  const dir = await mkdtemp(join(tmpdir(), 'altlens-doctor-'));
  try {
    await writeTinyCaptioner(dir);
    const checks: DeviceCheck[] = [];
    for (const device of deviceCandidates('auto')) {
      const engine = new CaptionEngine({
        modelDir: dir,
        modelId: 'doctor',
        device,
        dtype: 'fp32',
        threads: 1,
      });
      try {
        const status = await engine.ready();
        const skipped = status.skipped.find((entry) => entry.device === device);
        checks.push({ device, works: status.device === device, reason: skipped?.reason ?? null });
      } catch (error) {
        checks.push({ device, works: false, reason: error instanceof Error ? error.message : String(error) });
      } finally {
        engine.close();
      }
    }
    return checks;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function exiftoolVersion(): Promise<string | null> {
  // One that ends with this process, however it ends (exiftool-process.ts).
  const exiftool = new ExifTool({ ...exiftoolProcessOptions(), maxProcs: 1 });
  try {
    return await exiftool.version();
  } catch {
    return null;
  } finally {
    await exiftool.end();
  }
}
