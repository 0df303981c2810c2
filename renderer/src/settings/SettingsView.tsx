import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppSettings, FolderWriteSettings, ModelSummary } from '../../../contract/api';
import { FormMessages } from '../app/FormMessages';
import { useAnnouncement } from '../app/useAnnouncement';
import { modelName } from '../models/model-text';
import { ModelList } from '../models/ModelList';
import type { Models } from '../models/useModels';
import { CaptionSettingsForm } from './CaptionSettingsForm';
import { FolderWriteSettingsForm } from './FolderWriteSettingsForm';
import { useFolders } from './useFolders';
import { useSettings } from './useSettings';

/** Models to download and choose, and how captions are made. Every change is saved at once. */
export function SettingsView({ models }: { models: Models }) {
  const { settings, loadError, save } = useSettings();
  const folders = useFolders();
  const [status, announce] = useAnnouncement();
  const [error, setError] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { refresh } = models;

  useEffect(() => {
    document.title = 'Models and settings – AltLens';
    headingRef.current?.focus();
    refresh();
  }, [refresh]);

  const change = useCallback(
    async (changes: Partial<AppSettings>, done = 'Settings saved.') => {
      setError('');
      const failure = await save(changes);
      if (failure) {
        setError(failure);
        return;
      }
      announce(done);
      if ('model' in changes) refresh();
    },
    [save, announce, refresh],
  );

  const changeWriteSettings = async (folderId: number, changes: Partial<FolderWriteSettings>) => {
    setError('');
    const failure = await folders.saveWriteSettings(folderId, changes);
    if (failure) setError(failure);
    else announce('Write settings saved.');
  };

  const onError = useCallback((message: string) => setError(message), []);
  const chooseModel = (model: ModelSummary) =>
    void change({ model: model.id }, `Settings saved. Captions now use ${model.displayName}.`);

  return (
    <div className="settings">
      <h2 id="settings-heading" ref={headingRef} tabIndex={-1}>
        Models and settings
      </h2>
      <section className="panel" aria-labelledby="models-heading">
        <h3 id="models-heading">Caption models</h3>
        <p className="hint">
          Models run on this computer; a photo never leaves it. Download a model once, then choose it.
        </p>
        {settings && <p>Captions use {modelName(models.list, settings.model)}.</p>}
        <ModelList models={models} onUse={chooseModel} onMessage={announce} onError={onError} />
      </section>
      <section className="panel" aria-labelledby="captioning-heading">
        <h3 id="captioning-heading">How captions are made</h3>
        {settings ? (
          <CaptionSettingsForm settings={settings} onChange={(changes) => void change(changes)} />
        ) : (
          <p>{loadError ?? 'Loading the settings…'}</p>
        )}
      </section>
      <section className="panel" aria-labelledby="writing-heading">
        <h3 id="writing-heading">Where alt text is written</h3>
        <p className="hint">
          Each folder has its own settings. Alt text goes into XMP-iptcCore:AltTextAccessibility, where
          Lightroom, digiKam, darktable and web publishing tools read it.
        </p>
        {folders.folders === null && <p>{folders.loadError ?? 'Loading the folders…'}</p>}
        {folders.folders?.length === 0 && <p>No folders yet. Add a folder in the library first.</p>}
        {folders.folders?.map((folder) => (
          <FolderWriteSettingsForm
            key={folder.id}
            folder={folder}
            onChange={(changes) => void changeWriteSettings(folder.id, changes)}
          />
        ))}
      </section>
      <FormMessages status={status} error={error} />
    </div>
  );
}
