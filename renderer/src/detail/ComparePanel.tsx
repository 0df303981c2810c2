import { useEffect, useRef, useState } from 'react';
import { Button, CheckboxGroup, Label, Link, Text, TextArea, TextField } from 'react-aria-components';
import type { CompareOption, CompareResult, ImageDetail } from '../../../contract/api';
import { errorMessage } from '../api';
import { useApi } from '../api/ApiContext';
import { CheckboxField } from '../app/CheckboxField';
import { FormMessages } from '../app/FormMessages';
import { useAnnouncement } from '../app/useAnnouncement';
import { useShortcut } from '../shortcuts/ShortcutContext';
import {
  comparingAnnouncement,
  comparisonSummary,
  fewModelsNote,
  finishedAnnouncement,
  MAX_COMPARED,
  resultProgress,
} from './compare-text';

interface Props {
  image: ImageDetail;
  /** Called with the image after an answer (picked or merged) was saved as its description. */
  onChanged: (image: ImageDetail) => void;
}

interface Comparison {
  /** Known once the comparison is finished (answers can be picked then). */
  runId: string | null;
  results: CompareResult[];
}

/** A candidate told apart from the others: a model's id and a provider's name may be the same word. */
function keyOf({ candidate }: CompareOption): string {
  return `${candidate.kind}:${candidate.id}`;
}

function waiting(option: CompareOption): CompareResult {
  return {
    ...option,
    state: 'waiting',
    text: '',
    message: null,
    device: null,
    loadMs: null,
    durationMs: null,
    stoppedAtTokenLimit: false,
  };
}

/**
 * Try other models: alt text for this photo from up to three installed models, side by side, each with its
 * name, family and time. Each answer is heard once, when it is finished, through a polite log; one can be
 * picked (saved as that model's, to review) or edited into a version of one's own.
 */
export function ComparePanel({ image, onChanged }: Props) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<CompareOption[] | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const [running, setRunning] = useState(false);
  const [merged, setMerged] = useState('');
  const [log, setLog] = useState<string[]>([]);
  const [status, announce] = useAnnouncement();
  const [error, setError] = useState('');
  const groupRef = useRef<HTMLDivElement>(null);
  const mergeRef = useRef<HTMLTextAreaElement>(null);
  const focusChoices = useRef(false);

  useEffect(() => {
    if (!open || options !== null) return;
    let current = true;
    api.call('compare.options', {}).then(
      (offered) => {
        if (!current) return;
        setOptions(offered);
        // The models chosen before, where still installed; else the first ones offered.
        const offeredIds = offered.map(keyOf);
        setChosen((before) => {
          const kept = before.filter((id) => offeredIds.includes(id));
          return kept.length > 0 ? kept : offeredIds.slice(0, MAX_COMPARED);
        });
      },
      (e: unknown) => current && setError(errorMessage(e)),
    );
    return () => {
      current = false;
    };
  }, [api, open, options]);

  // "c" (or the button) opens the panel; the shortcut then puts focus on the first model to choose.
  useEffect(() => {
    if (!focusChoices.current || options === null) return;
    focusChoices.current = false;
    groupRef.current?.querySelector<HTMLInputElement>('input:not([disabled])')?.focus();
  }, [options, open]);

  useShortcut('review.compare', () => {
    focusChoices.current = true;
    if (open && options !== null)
      groupRef.current?.querySelector<HTMLInputElement>('input:not([disabled])')?.focus();
    setOpen(true);
  });

  async function compare() {
    if (running || options === null) return;
    const picked = options.filter((option) => chosen.includes(keyOf(option)));
    if (picked.length === 0) {
      setError('Choose at least one model to compare.');
      return;
    }
    setError('');
    setRunning(true);
    setLog([comparingAnnouncement(picked.length)]);
    setComparison({ runId: null, results: picked.map(waiting) });
    const heard = new Set<number>();
    const hear = (index: number, result: CompareResult) => {
      const said = finishedAnnouncement(result);
      if (said === null || heard.has(index)) return;
      heard.add(index);
      setLog((lines) => [...lines, said]);
    };
    const unsubscribe = api.subscribe((event) => {
      if (event.type !== 'compare.progress' || event.imageId !== image.id) return;
      setComparison((now) =>
        now ? { ...now, results: now.results.map((r, i) => (i === event.index ? event.result : r)) } : now,
      );
      hear(event.index, event.result);
    });
    try {
      const run = await api.call('compare.run', {
        imageId: image.id,
        candidates: picked.map((option) => option.candidate),
      });
      setComparison({ runId: run.runId, results: run.results });
      run.results.forEach((result, index) => hear(index, result));
      setLog((lines) => [...lines, comparisonSummary(run.results)]);
      const first = run.results.find((result) => result.state === 'done');
      if (first) setMerged((text) => text || first.text);
    } catch (e) {
      setComparison(null);
      setError(errorMessage(e));
    } finally {
      unsubscribe();
      setRunning(false);
    }
  }

  async function pick(index: number, result: CompareResult) {
    if (!comparison?.runId) return;
    setError('');
    try {
      onChanged(await api.call('compare.pick', { runId: comparison.runId, index }));
      announce(`The answer of ${result.name} is now the alt text, to review.`);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  function editFrom(result: CompareResult) {
    setMerged(result.text);
    mergeRef.current?.focus();
  }

  async function saveMerged() {
    setError('');
    if (merged.trim() === '') {
      setError('Your version is empty: write the alt text, or pick one of the answers.');
      return;
    }
    try {
      onChanged(await api.call('descriptions.save', { imageId: image.id, text: merged }));
      announce('Your version is now the alt text, saved as yours.');
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  const note = options === null ? null : fewModelsNote(options);
  const finished = comparison?.runId != null;
  const anyAnswer = comparison?.results.some((result) => result.state === 'done') ?? false;

  return (
    <section className="compare-panel" aria-labelledby="compare-heading">
      <h3 id="compare-heading">Try other models</h3>
      <Button
        className="button"
        aria-expanded={open}
        aria-controls="compare-body"
        onPress={() => {
          // Opened again: the installed models are looked up again (one may have come meanwhile).
          if (!open) setOptions(null);
          setOpen(!open);
        }}
      >
        {open ? 'Hide other models' : 'Try other models'}
      </Button>
      <div id="compare-body" hidden={!open}>
        {open && options === null && !error && <p>Looking for installed models…</p>}
        {note && (
          <p className="compare-note">
            {note} <Link href="#/models">Go to Models</Link>
          </p>
        )}
        {options !== null && options.length > 0 && (
          <form
            className="compare-form"
            onSubmit={(event) => {
              event.preventDefault();
              void compare();
            }}
          >
            <CheckboxGroup ref={groupRef} className="field" value={chosen} onChange={setChosen}>
              <Label>Models to compare</Label>
              <Text slot="description" className="hint">
                Up to {MAX_COMPARED} at a time, run one after another on this photo; nothing is saved until
                you pick an answer.
              </Text>
              {options.map((option) => (
                <CheckboxField
                  key={keyOf(option)}
                  value={keyOf(option)}
                  isDisabled={!chosen.includes(keyOf(option)) && chosen.length >= MAX_COMPARED}
                >
                  {option.name} <span className="compare-family">({option.family})</span>
                </CheckboxField>
              ))}
            </CheckboxGroup>
            <div className="form-actions">
              <Button type="submit" className="button" aria-disabled={running || undefined}>
                Compare
              </Button>
            </div>
          </form>
        )}
        {comparison && (
          <ol className="compare-results" aria-label="Answers from the models">
            {comparison.results.map((result, index) => (
              <li
                key={keyOf(result)}
                aria-labelledby={`compare-name-${index}`}
                aria-describedby={`compare-progress-${index}`}
              >
                <h4 id={`compare-name-${index}`}>{result.name}</h4>
                <p className="compare-meta">
                  {result.family} · <span id={`compare-progress-${index}`}>{resultProgress(result)}</span>
                </p>
                {result.state === 'writing' && (
                  <p className="compare-partial" aria-hidden="true">
                    {result.text || '…'}
                  </p>
                )}
                {result.state === 'done' && (
                  <p id={`compare-text-${index}`} className="compare-text">
                    {result.text}
                  </p>
                )}
                {result.state === 'failed' && <p className="compare-error">{result.message}</p>}
                {result.state === 'done' && finished && (
                  <div className="form-actions">
                    <Button
                      className="button"
                      aria-label={`Use this one: ${result.name}`}
                      aria-describedby={`compare-text-${index}`}
                      onPress={() => void pick(index, result)}
                    >
                      Use this one
                    </Button>
                    <Button
                      className="button"
                      aria-label={`Edit this one: ${result.name}`}
                      aria-describedby={`compare-text-${index}`}
                      onPress={() => editFrom(result)}
                    >
                      Edit this one
                    </Button>
                  </div>
                )}
              </li>
            ))}
          </ol>
        )}
        {finished && anyAnswer && (
          <form
            className="compare-merge"
            onSubmit={(event) => {
              event.preventDefault();
              void saveMerged();
            }}
          >
            <TextField className="field" value={merged} onChange={setMerged}>
              <Label>Your version</Label>
              <TextArea ref={mergeRef} className="input textarea" rows={3} />
              <Text slot="description" className="hint">
                Starts as the first answer; take the best of each and correct what is wrong. Saved as yours.
              </Text>
            </TextField>
            <div className="form-actions">
              <Button type="submit" className="button">
                Save my version
              </Button>
            </div>
          </form>
        )}
        <div role="log" aria-label="Comparison progress" className="visually-hidden">
          {log.map((line, index) => (
            <p key={index}>{line}</p>
          ))}
        </div>
        <FormMessages status={status} error={error} />
      </div>
    </section>
  );
}
