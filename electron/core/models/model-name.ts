import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { catalog as defaultCatalog, findCatalogModel, type CatalogModel } from '../../../models/catalog.js';
import { TEST_MODEL_KEY } from '../../../models/test-model/marker.js';
import { IMPORTED_DIR } from './install-layout.js';

export interface ModelNameOptions {
  /** The model is a test model (see isTestModelFolder): its name says so. */
  readonly testModel?: boolean;
  readonly catalog?: readonly CatalogModel[];
}

/**
 * A model's name for people, the one every place that names a model shows (the review panel, Activity,
 * Settings, Models, the command line): a catalog model's catalog name, an imported model's name, a folder's
 * own name (never its whole path), and "(test model)" after a test model's name. `model` is what the
 * settings hold: a catalog id, `imported/<name>`, or a model folder's path.
 */
export function modelDisplayName(model: string, options: ModelNameOptions = {}): string {
  const catalogName = findCatalogModel(model, options.catalog ?? defaultCatalog)?.displayName;
  const name = catalogName ?? folderName(model);
  return options.testModel ? `${name} (test model)` : name;
}

/** `imported/<name>` → name; a path (either separator, trailing ones too) → its last folder's name. */
function folderName(model: string): string {
  const prefix = `${IMPORTED_DIR}/`;
  const rest = model.startsWith(prefix) ? model.slice(prefix.length) : model;
  return rest.split(/[\\/]+/).findLast((part) => part !== '') ?? model;
}

const TestModelConfig = z.object({ [TEST_MODEL_KEY]: z.literal(true) });

/** Whether the model folder's config.json marks it as a test model; false when it cannot be read. */
export async function isTestModelFolder(dir: string): Promise<boolean> {
  try {
    const config: unknown = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    return TestModelConfig.safeParse(config).success;
  } catch {
    return false;
  }
}
