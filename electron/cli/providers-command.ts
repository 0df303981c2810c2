// `altlens providers list|add|remove|test|choose`: the saved model providers of the library (issue 13 §4).
// The settings keep no key: only the environment variable it is read from, or (with --key-stdin) the 0600
// key file outside the library. Keys are shown masked, never whole.
import type { Command } from 'commander';
import { ON_DEVICE } from '../../contract/api.js';
import { KeyFile } from '../core/providers/keys.js';
import { DEFAULT_URL } from '../core/providers/make-provider.js';
import { ProviderKind } from '../core/providers/provider.js';
import { SavedProviders } from '../core/providers/saved-providers.js';
import { Library } from '../core/library/library.js';
import { resolveDataDir } from '../core/paths.js';
import { dataDirOption, type CliIo } from './options.js';
import { checked } from '../core/providers/provider-settings.js';

interface AddOptions {
  kind: string;
  url?: string;
  model: string;
  keyVariable?: string;
  concurrency?: string;
  keyStdin?: boolean;
  dataDir?: string;
}

async function withProviders<T>(
  dataDir: string | undefined,
  work: (providers: SavedProviders, library: Library) => Promise<T> | T,
): Promise<T> {
  const dir = resolveDataDir(dataDir);
  const library = Library.open(dir);
  try {
    return await work(new SavedProviders(library.settings, KeyFile.inDataDir(dir)), library);
  } finally {
    library.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

export function addProvidersCommand(program: Command, io: CliIo): void {
  const providers = program
    .command('providers')
    .description('the saved model providers (Ollama, OpenAI-compatible servers, Anthropic); none by default');

  providers
    .command('list')
    .description('list the saved providers, where each key comes from (masked) and which one captions')
    .option('--json', 'print a JSON array')
    .addOption(dataDirOption())
    .action((options: { json?: boolean; dataDir?: string }) =>
      withProviders(options.dataDir, async (saved) => {
        const rows = [];
        for (const provider of saved.list()) {
          rows.push({
            ...provider,
            key: await saved.keySource(provider),
            agreed: saved.agreed(provider.name),
            captions: saved.chosen() === provider.name,
          });
        }
        if (options.json) return io.out(`${JSON.stringify(rows)}\n`);
        if (rows.length === 0) io.out('No saved providers: photos are described on this computer only.\n');
        for (const row of rows) {
          const key =
            row.key.from === 'none'
              ? `no key${row.key.variable ? ` (set ${row.key.variable})` : ''}`
              : `key ${row.key.masked ?? ''} from ${row.key.from === 'environment' ? `$${row.key.variable ?? ''}` : 'the key file'}`;
          io.out(
            `${row.name}\t${row.kind}\t${row.url}\t${row.model}\t${key}${row.captions ? '\tcaptions' : ''}\n`,
          );
        }
      }),
    );

  providers
    .command('add')
    .description('save a provider (photos are sent to it only once it is chosen or named with --provider)')
    .argument('<name>', 'a name for it: lowercase letters, digits, ".", "_" or "-"')
    .requiredOption('--kind <kind>', `the API it speaks: ${ProviderKind.options.join(', ')}`)
    .option('--url <url>', "the API's address (default: the kind's own)")
    .requiredOption('--model <name>', "the model's name on the server")
    .option('--key-variable <name>', 'the environment variable its key is read from')
    .option('--concurrency <n>', 'calls at once (default 1 for Ollama, 4 for the others)')
    .option('--key-stdin', 'read its key from stdin and keep it in the 0600 key file outside the library')
    .addOption(dataDirOption())
    .action((name: string, options: AddOptions) =>
      withProviders(options.dataDir, async (saved) => {
        const kind = ProviderKind.safeParse(options.kind);
        if (!kind.success) throw new Error(`--kind is one of: ${ProviderKind.options.join(', ')}.`);
        const provider = checked({
          name,
          kind: kind.data,
          url: options.url ?? DEFAULT_URL[kind.data],
          model: options.model,
          ...(options.keyVariable ? { keyVariable: options.keyVariable } : {}),
          ...(options.concurrency ? { concurrency: Number(options.concurrency) } : {}),
        });
        const key = options.keyStdin ? await readStdin() : undefined;
        if (key === '') throw new Error('--key-stdin read no key: pipe the key in.');
        await saved.add(provider, key);
        io.out(
          `Saved ${provider.name}: ${provider.kind} at ${provider.url}, model ${provider.model}` +
            `${key ? `, key in ${saved.keys.path}` : ''}.\n`,
        );
      }),
    );

  providers
    .command('remove')
    .description('forget a saved provider and its key in the key file')
    .argument('<name>')
    .addOption(dataDirOption())
    .action((name: string, options: { dataDir?: string }) =>
      withProviders(options.dataDir, async (saved, library) => {
        if (!(await saved.remove(name))) throw new Error(`There is no saved provider named "${name}".`);
        // The folders it described go back to the library's choice.
        library.folderContexts.forgetProvider(name);
        io.out(`Removed ${name}.\n`);
      }),
    );

  providers
    .command('test')
    .description('connect to a saved provider and list its models (no photo is sent)')
    .argument('<name>')
    .option('--json', 'print a JSON array of model names')
    .addOption(dataDirOption())
    .action((name: string, options: { json?: boolean; dataDir?: string }) =>
      withProviders(options.dataDir, async (saved) => {
        const { provider, saved: entry } = await saved.open(name);
        const models = await provider.listModels();
        if (options.json) return io.out(`${JSON.stringify(models)}\n`);
        io.err(`${provider.label} answers; its models:\n`);
        for (const model of models) io.out(`${model}${model === entry.model ? '\t(chosen)' : ''}\n`);
        if (!models.includes(entry.model)) {
          io.err(
            `  The model ${entry.model} is not among them: save the provider again with one of these.\n`,
          );
        }
      }),
    );

  providers
    .command('choose')
    .description(
      'caption the library through a saved provider, or "on-device" (the default) to stop sending photos',
    )
    .argument('<name>', 'a saved provider, or on-device')
    .option('--send-photos', "agree that the library's photos are sent to it (asked once per provider)")
    .addOption(dataDirOption())
    .action((name: string, options: { sendPhotos?: boolean; dataDir?: string }) =>
      withProviders(options.dataDir, (saved) => {
        if (name === ON_DEVICE) {
          saved.choose(null);
          return io.out('Captions are made on this computer; no photo is sent anywhere.\n');
        }
        if (options.sendPhotos) saved.agree(name);
        saved.choose(name);
        const entry = saved.find(name);
        io.out(
          `Captions are made by ${entry?.kind ?? name} at ${entry?.url ?? ''}: the photos are sent there as JPEGs without metadata.\n`,
        );
      }),
    );
}
