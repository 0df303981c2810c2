import { useState, type FormEvent } from 'react';
import { Button, Input, Label, Radio, RadioGroup, Text, TextField } from 'react-aria-components';
import { ProviderKind, type CallParams, type ProvidersState } from '../../../contract/api';

const KIND_NAMES: Record<ProviderKind, string> = {
  ollama: 'Ollama',
  openai: 'OpenAI-compatible server (OpenAI, LM Studio, llama.cpp, vLLM, Gemini)',
  anthropic: 'Anthropic',
};

interface Props {
  defaultUrls: ProvidersState['defaultUrls'];
  /** Saves it; resolves with an error message or null. */
  onAdd: (provider: CallParams<'providers.add'>) => Promise<string | null>;
}

/** "Add a provider": its kind (the URL filled with the kind's own), URL, model and an optional key. */
export function AddProviderForm({ defaultUrls, onAdd }: Props) {
  const [kind, setKind] = useState<ProviderKind>('ollama');
  const [name, setName] = useState('');
  const [url, setUrl] = useState(defaultUrls.ollama ?? '');
  const [model, setModel] = useState('');
  const [key, setKey] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const failure = await onAdd({ name, kind, url, model, ...(key ? { key } : {}) });
    if (failure) return;
    setName('');
    setModel('');
    setKey('');
  };

  return (
    <form className="settings-form" aria-labelledby="add-provider-heading" onSubmit={(e) => void submit(e)}>
      <h4 id="add-provider-heading">Add a provider</h4>
      <RadioGroup
        className="radio-group"
        value={kind}
        onChange={(value) => {
          const parsed = ProviderKind.safeParse(value);
          if (!parsed.success) return;
          // The URL follows the kind while it is still the previous kind's own.
          if (url === '' || url === defaultUrls[kind]) setUrl(defaultUrls[parsed.data] ?? '');
          setKind(parsed.data);
        }}
      >
        <Label className="group-label">Kind</Label>
        {ProviderKind.options.map((option) => (
          <Radio key={option} value={option} className="radio">
            {KIND_NAMES[option]}
          </Radio>
        ))}
      </RadioGroup>
      <TextField className="field" value={name} onChange={setName} isRequired>
        <Label>Name</Label>
        <Input className="input input-short" />
        <Text slot="description" className="hint">
          Lowercase letters, digits, “.”, “_” or “-”, for example desk-ollama.
        </Text>
      </TextField>
      <TextField className="field" value={url} onChange={setUrl} isRequired type="url">
        <Label>URL</Label>
        <Input className="input" />
      </TextField>
      <TextField className="field" value={model} onChange={setModel} isRequired>
        <Label>Model</Label>
        <Input className="input input-short" />
        <Text slot="description" className="hint">
          The model&apos;s name on the server; “Test connection” lists them.
        </Text>
      </TextField>
      <TextField className="field" value={key} onChange={setKey} type="password">
        <Label>Key (optional)</Label>
        <Input className="input" autoComplete="off" />
        <Text slot="description" className="hint">
          Kept in provider-keys.json in AltLens&apos;s data folder, a file only you can read (mode 0600);
          never in the library database, and shown only masked. Leave it empty to use the environment variable
          (OPENAI_API_KEY or ANTHROPIC_API_KEY) or for Ollama, which needs none.
        </Text>
      </TextField>
      <Button type="submit" className="button">
        Add provider
      </Button>
    </form>
  );
}
