import { useCallback, useState } from 'react';
import { Switch } from 'react-aria-components';
import type { AppSettings, FolderWriteSettings } from '../../../contract/api';
import { FormMessages } from '../app/FormMessages';
import { useAnnouncement } from '../app/useAnnouncement';
import { useViewHeading } from '../app/useViewHeading';
import type { CaptionQueue } from '../captions/useCaptionQueue';
import { DownloadStatus } from '../models/DownloadStatus';
import { modelName } from '../models/model-text';
import type { Models } from '../models/useModels';
import { CaptionSettingsForm } from './CaptionSettingsForm';
import { DeviceReason } from './DeviceReason';
import { FolderWriteSettingsForm } from './FolderWriteSettingsForm';
import { ProviderSettings } from './ProviderSettings';
import { StyleSettingsForm } from './StyleSettingsForm';
import { ThemeSettings } from './ThemeSettings';
import { useFolders } from './useFolders';
import type { Settings } from './useSettings';

interface Props {
  settings: Settings;
  models: Models;
  queue: CaptionQueue;
}

/** How captions are made, where alt text is written, and how the app looks. Every change is saved at once. */
export function SettingsView({ settings: { settings, loadError, save }, models, queue }: Props) {
  const folders = useFolders();
  const [status, announce] = useAnnouncement();
  const [error, setError] = useState('');
  const headingRef = useViewHeading('Settings');

  const change = useCallback(
    async (changes: Partial<AppSettings>) => {
      setError('');
      const failure = await save(changes);
      if (failure) setError(failure);
      else announce('Settings saved.');
    },
    [save, announce],
  );

  const changeWriteSettings = async (folderId: number, changes: Partial<FolderWriteSettings>) => {
    setError('');
    const failure = await folders.saveWriteSettings(folderId, changes);
    if (failure) setError(failure);
    else announce('Write settings saved.');
  };

  const model = settings ? models.list?.find((m) => m.id === settings.model) : undefined;
  const name = settings ? modelName(models.list, settings.model, queue.status) : '';
  return (
    <div className="view settings">
      <h2 ref={headingRef} tabIndex={-1}>
        Settings
      </h2>
      {!settings && <p>{loadError ?? 'Loading the settings…'}</p>}
      {settings && (
        <>
          <section className="panel" aria-labelledby="model-heading">
            <h3 id="model-heading">Caption model</h3>
            <p>
              Captions use {name}
              {model ? `: ${model.installed ? 'installed' : 'not installed'}` : ''}.{' '}
              <a href="#/models">Download, import or choose models</a>
            </p>
            <DownloadStatus name={name} download={models.downloads.get(settings.model)} />
          </section>
          <section className="panel" aria-labelledby="captioning-heading">
            <h3 id="captioning-heading">How captions are made</h3>
            <DeviceReason status={queue.status} />
            <CaptionSettingsForm settings={settings} onChange={(changes) => void change(changes)} />
          </section>
          <section className="panel" aria-labelledby="providers-heading">
            <h3 id="providers-heading">Model providers</h3>
            <ProviderSettings announce={announce} setError={setError} />
          </section>
          <section className="panel" aria-labelledby="style-heading">
            <h3 id="style-heading">Alt text style and context</h3>
            <StyleSettingsForm settings={settings} onChange={(changes) => void change(changes)} />
          </section>
          <section className="panel" aria-labelledby="writing-heading">
            <h3 id="writing-heading">Where alt text is written</h3>
            <Switch
              className="switch"
              isSelected={settings.autoWrite}
              onChange={(autoWrite) => void change({ autoWrite })}
            >
              <span className="switch-track" aria-hidden="true">
                <span className="switch-thumb" />
              </span>
              Write approved alt text into the file at once (also in watched folders)
            </Switch>
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
          <section className="panel" aria-labelledby="appearance-heading">
            <h3 id="appearance-heading">Appearance</h3>
            <ThemeSettings theme={settings.theme} onChange={(theme) => void change({ theme })} />
          </section>
        </>
      )}
      <FormMessages status={status} error={error} />
    </div>
  );
}
