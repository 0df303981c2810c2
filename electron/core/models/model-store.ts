import { cp, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import {
  catalog as defaultCatalog,
  defaultModelId,
  findCatalogModel,
  type CatalogModel,
} from '../../../models/catalog.js';
import { downloadModel, type DownloadModelOptions, type DownloadResult } from './hub-download.js';
import { IMPORTED_DIR, modelRoot, readManifest, STAGING_SUFFIX } from './install-layout.js';
import {
  assertImportableModelFolder,
  assertModelFolder,
  assertSupportedModelFolder,
  folderBytes,
  ModelStoreError,
} from './model-folder.js';
import { isTestModelFolder, modelDisplayName } from './model-name.js';

export interface InstalledCopy {
  revision: string;
  dtype: string;
  dir: string;
  bytes: number;
}

export type StoredModel =
  | {
      kind: 'catalog';
      id: string;
      displayName: string;
      isDefault: boolean;
      installed: boolean;
      copies: InstalledCopy[];
    }
  | {
      kind: 'imported';
      id: string;
      name: string;
      /** The name for people (see modelDisplayName): the folder's name, marked when it is a test model. */
      displayName: string;
      dir: string;
      bytes: number;
    };

/** The models in one cache dir (`<dataDir>/models`): downloaded catalog models and imported folders. */
export class ModelStore {
  readonly cacheDir: string;

  constructor(
    cacheDir: string,
    private readonly models: readonly CatalogModel[] = defaultCatalog,
  ) {
    this.cacheDir = resolve(cacheDir);
  }

  async list(): Promise<StoredModel[]> {
    const listed: StoredModel[] = [];
    for (const model of this.models) {
      const copies = await this.copiesOf(model);
      listed.push({
        kind: 'catalog',
        id: model.id,
        displayName: model.displayName,
        isDefault: model.id === defaultModelId,
        installed: copies.length > 0,
        copies,
      });
    }
    for (const name of await this.importedNames()) {
      listed.push(await this.importedModel(name));
    }
    return listed;
  }

  /**
   * The name for people of a catalog id, an `imported/<name>` id or a model folder (see modelDisplayName),
   * marked "(test model)" when the folder it loads is a test model.
   */
  async nameOf(idOrDir: string): Promise<string> {
    const dir = await this.pathOf(idOrDir).catch(() => null);
    const testModel = dir !== null && (await isTestModelFolder(dir));
    return modelDisplayName(idOrDir, { testModel, catalog: this.models });
  }

  /**
   * The folder to load for a catalog id (its installed copy, `dtype` preferred, else the model's CPU default,
   * else any), an `imported/<name>` id, or a model folder given by path (absolute or relative to the cwd).
   */
  async pathOf(idOrDir: string, dtype?: string): Promise<string> {
    const model = findCatalogModel(idOrDir, this.models);
    if (model) {
      const copies = await this.copiesOf(model);
      const pick =
        copies.find((copy) => copy.dtype === dtype) ??
        (dtype === undefined
          ? (copies.find((c) => c.dtype === model.defaultDtype.cpu) ?? copies[0])
          : undefined);
      if (!pick) {
        const which = dtype === undefined ? model.id : `${model.id} (${dtype})`;
        throw new ModelStoreError(`${which} is not installed; download it or import its folder.`);
      }
      return pick.dir;
    }
    if (idOrDir.startsWith(`${IMPORTED_DIR}/`)) {
      const dir = join(this.cacheDir, IMPORTED_DIR, importedName(idOrDir.slice(IMPORTED_DIR.length + 1)));
      await assertModelFolder(dir).catch(() => {
        throw new ModelStoreError(`No imported model is called ${idOrDir}.`);
      });
      return dir;
    }
    const dir = resolve(idOrDir);
    if (!(await stat(dir).catch(() => null))) {
      throw new ModelStoreError(`${idOrDir} is neither a model in the catalog nor a folder.`);
    }
    await assertModelFolder(dir);
    return dir;
  }

  /**
   * What to keep as the model setting for `choice`: a catalog id (installed or not yet), an `imported/<name>`
   * id, or a model folder of a kind AltLens runs (kept as its absolute path). Throws a ModelStoreError
   * saying why anything else is refused.
   */
  async checkChoice(choice: string): Promise<string> {
    if (choice.trim() === '')
      throw new ModelStoreError('No model was given: choose one of the catalog or a model folder.');
    if (findCatalogModel(choice, this.models)) return choice;
    const dir = await this.pathOf(choice);
    await assertSupportedModelFolder(dir);
    return choice.startsWith(`${IMPORTED_DIR}/`) ? choice : dir;
  }

  /**
   * Copies a model folder of a kind AltLens runs (a captioning model, or a CLIP model for search by meaning)
   * into the store as `imported/<name>`; staged, then renamed, so
   * never half there.
   */
  async importFolder(
    dir: string,
    name = basename(resolve(dir)),
  ): Promise<StoredModel & { kind: 'imported' }> {
    const source = resolve(dir);
    await assertImportableModelFolder(source);
    const safeName = importedName(name);
    const target = join(this.cacheDir, IMPORTED_DIR, safeName);
    if (await stat(target).catch(() => null)) {
      throw new ModelStoreError(`An imported model called ${safeName} already exists; remove it first.`);
    }
    const staging = `${target}${STAGING_SUFFIX}`;
    await rm(staging, { recursive: true, force: true });
    try {
      await cp(source, staging, { recursive: true, errorOnExist: true, force: false });
      await rename(staging, target);
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
    return this.importedModel(safeName);
  }

  /** Removes every installed copy of a catalog model, or an imported folder. */
  async remove(id: string): Promise<void> {
    const model = findCatalogModel(id, this.models);
    let dir: string;
    if (model) {
      if ((await this.copiesOf(model)).length === 0) throw new ModelStoreError(`${id} is not installed.`);
      dir = modelRoot(this.cacheDir, model.id);
    } else if (id.startsWith(`${IMPORTED_DIR}/`)) {
      dir = join(this.cacheDir, IMPORTED_DIR, importedName(id.slice(IMPORTED_DIR.length + 1)));
      if (!(await stat(dir).catch(() => null))) throw new ModelStoreError(`${id} is not installed.`);
    } else {
      throw new ModelStoreError(`${id} is neither a catalog model nor an imported one (imported/<name>).`);
    }
    // Rename first so that a loader never sees a half-deleted folder.
    const doomed = `${dir}.removing-${process.pid}-${Date.now()}`;
    await rename(dir, doomed);
    await rm(doomed, { recursive: true, force: true });
  }

  /** Downloads a catalog model into this store. */
  async download(
    id: string,
    options: Omit<DownloadModelOptions, 'cacheDir' | 'model' | 'modelId' | 'files' | 'revision'> & {
      dtype?: string;
    },
  ): Promise<DownloadResult> {
    const model = findCatalogModel(id, this.models);
    if (!model) {
      throw new ModelStoreError(
        `${id} is not in the catalog; known models: ${this.models.map((m) => m.id).join(', ')}.`,
      );
    }
    return downloadModel({ ...options, model, cacheDir: this.cacheDir });
  }

  private async copiesOf(model: CatalogModel): Promise<InstalledCopy[]> {
    const root = modelRoot(this.cacheDir, model.id);
    const copies: InstalledCopy[] = [];
    for (const revision of await subfolders(root)) {
      for (const dtype of await subfolders(join(root, revision))) {
        const dir = join(root, revision, dtype);
        const manifest = await readManifest(dir);
        if (manifest?.modelId !== model.id) continue;
        copies.push({ revision, dtype: manifest.dtype, dir, bytes: await folderBytes(dir) });
      }
    }
    return copies;
  }

  private async importedModel(name: string): Promise<StoredModel & { kind: 'imported' }> {
    const dir = join(this.cacheDir, IMPORTED_DIR, name);
    const id = `${IMPORTED_DIR}/${name}`;
    const testModel = await isTestModelFolder(dir);
    return {
      kind: 'imported',
      id,
      name,
      displayName: modelDisplayName(id, { testModel, catalog: this.models }),
      dir,
      bytes: await folderBytes(dir),
    };
  }

  private async importedNames(): Promise<string[]> {
    return subfolders(join(this.cacheDir, IMPORTED_DIR));
  }
}

const isTransient = (name: string): boolean =>
  name.endsWith(STAGING_SUFFIX) || name.includes('.old-') || name.includes('.removing-');

/** Folder names, leaving out staging folders and ones half-way through a swap or a removal. */
async function subfolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isDirectory() && !isTransient(entry.name))
    .map((entry) => entry.name)
    .sort();
}

function importedName(name: string): string {
  const safe = name.replace(/[^\w.-]+/g, '-').replace(/^[.-]+/, '');
  if (!safe) throw new ModelStoreError(`"${name}" cannot be used as a model name.`);
  return safe;
}
