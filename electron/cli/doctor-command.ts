import type { Command } from 'commander';
import { join } from 'node:path';
import { diagnose } from '../core/diagnostics.js';
import { resolveDataDir } from '../core/paths.js';
import { dataDirOption, type CliIo } from './options.js';

/** `altlens doctor`: the platform, each device tried and its result, versions, where models are kept. */
export function addDoctorCommand(program: Command, io: CliIo): void {
  program
    .command('doctor')
    .description('check what AltLens can use on this machine: devices, versions, the model cache')
    .addOption(dataDirOption())
    .option('--json', 'print the report as JSON')
    .action(async (options: { dataDir?: string; json?: boolean }) => {
      io.err('Trying each device with the built-in test model…\n');
      const report = await diagnose(join(resolveDataDir(options.dataDir), 'models'));
      if (options.json) {
        io.out(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      io.out(`Platform: ${report.platform}, Node.js ${report.node}, ${report.cpus} CPU cores\n`);
      io.out(`onnxruntime-node ${report.versions.onnxruntimeNode}\n`);
      io.out(`transformers.js ${report.versions.transformers}\n`);
      io.out(`exiftool ${report.versions.exiftool ?? 'not working (metadata cannot be written)'}\n`);
      io.out(`Model cache: ${report.modelCache}\n`);
      io.out('Devices:\n');
      for (const check of report.devices) {
        io.out(
          `  ${check.device}: ${check.works ? 'works' : `not available: ${check.reason ?? 'unknown reason'}`}\n`,
        );
      }
    });
}
