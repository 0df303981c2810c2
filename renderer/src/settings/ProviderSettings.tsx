import { useState } from 'react';
import { Button, Label, Radio, RadioGroup, Text } from 'react-aria-components';
import { ON_DEVICE, type ProviderEntry, type ProviderTest } from '../../../contract/api';
import { errorMessage } from '../api';
import { useApi } from '../api/ApiContext';
import { ConfirmDialog } from '../app/ConfirmDialog';
import { AddProviderForm } from './AddProviderForm';
import { useProviders } from './useProviders';

interface Props {
  /** Says a result politely. */
  announce: (message: string) => void;
  /** Says an error (an alert); '' clears it. */
  setError: (message: string) => void;
}

function keyText({ key }: ProviderEntry): string {
  if (key.from === 'environment') return `key ${key.masked ?? ''} from $${key.variable ?? ''}`;
  if (key.from === 'key file') return `key ${key.masked ?? ''} from the key file`;
  return key.variable ? `no key (set ${key.variable} if it needs one)` : 'no key';
}

/**
 * "Model providers": the saved ones (none by default), adding, testing and removing them, and what describes
 * the photos. Choosing a remote one asks first, once per provider, where the photos will go.
 */
export function ProviderSettings({ announce, setError }: Props) {
  const api = useApi();
  const { state, loadError, change } = useProviders();
  const [tests, setTests] = useState<Record<string, ProviderTest>>({});
  const [asking, setAsking] = useState<ProviderEntry | null>(null);

  const act = async (work: Promise<string | null>, done: string) => {
    setError('');
    const failure = await work;
    if (failure) setError(failure);
    else announce(done);
    return failure;
  };

  const test = async (name: string) => {
    setError('');
    announce(`Testing ${name}…`);
    try {
      const result = await api.call('providers.test', { name });
      setTests((before) => ({ ...before, [name]: result }));
      announce(
        result.ok ? `${result.message} Models: ${result.models.join(', ')}.` : `${name}: ${result.message}`,
      );
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const choose = (value: string) => {
    if (value === ON_DEVICE) {
      void act(change('providers.choose', { name: null }), 'Photos are described on this computer.');
      return;
    }
    const entry = state?.providers.find((provider) => provider.name === value);
    if (!entry) return;
    if (entry.agreed)
      void act(change('providers.choose', { name: value }), `Photos are described by ${value}.`);
    else setAsking(entry);
  };

  if (!state) return <p>{loadError ?? 'Loading the providers…'}</p>;
  return (
    <div className="settings-form">
      <p className="hint">
        None by default: photos are described on this computer and never leave it. A provider is an Ollama, an
        OpenAI-compatible or an Anthropic server that describes them instead.
      </p>
      {state.providers.length > 0 && (
        <ul className="model-list" aria-label="Saved providers">
          {state.providers.map((provider) => {
            const result = tests[provider.name];
            return (
              <li key={provider.name} className="model">
                <p>
                  <strong>{provider.name}</strong>: {provider.kind} at {provider.url}, model {provider.model},{' '}
                  {keyText(provider)}
                </p>
                {result && (
                  <p className={result.ok ? 'hint' : 'error-message'}>
                    {result.message}
                    {result.ok && result.models.length > 0 ? ` Its models: ${result.models.join(', ')}.` : ''}
                  </p>
                )}
                <div className="form-actions">
                  <Button
                    className="button"
                    aria-label={`Test connection to ${provider.name}`}
                    onPress={() => void test(provider.name)}
                  >
                    Test connection
                  </Button>
                  <Button
                    className="button"
                    aria-label={`Remove ${provider.name}`}
                    onPress={() =>
                      void act(
                        change('providers.remove', { name: provider.name }),
                        `Removed ${provider.name}.`,
                      )
                    }
                  >
                    Remove
                  </Button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <RadioGroup className="radio-group" value={state.captionProvider ?? ON_DEVICE} onChange={choose}>
        <Label className="group-label">Describe photos with</Label>
        <Text slot="description" className="hint">
          A saved provider is asked once before the first photo is sent to it.
        </Text>
        <Radio value={ON_DEVICE} className="radio">
          On this computer
        </Radio>
        {state.providers.map((provider) => (
          <Radio key={provider.name} value={provider.name} className="radio">
            {provider.name} ({provider.kind} at {provider.url})
          </Radio>
        ))}
      </RadioGroup>
      <AddProviderForm
        defaultUrls={state.defaultUrls}
        onAdd={(provider) => act(change('providers.add', provider), `Saved ${provider.name}.`)}
      />
      {asking && (
        <ConfirmDialog
          isOpen
          onOpenChange={(open) => {
            if (!open) setAsking(null);
          }}
          title={`Send photos to ${asking.name}?`}
          keepLabel="Cancel"
          confirmLabel={`Send photos to ${asking.name}`}
          onConfirm={() =>
            void act(
              change('providers.choose', { name: asking.name, sendPhotos: true }),
              `Photos are described by ${asking.name}.`,
            )
          }
        >
          The photos to describe will be sent to {asking.url} ({asking.kind}, model {asking.model}) as JPEGs
          re-encoded without any metadata (no EXIF, no GPS, no names), at most 1,536 pixels on the longest
          side. You are asked this once for {asking.name}.
        </ConfirmDialog>
      )}
    </div>
  );
}
