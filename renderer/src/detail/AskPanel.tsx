import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Button, Input, Label, Text, TextField } from 'react-aria-components';
import type { ImageDetail, ModelTasks, QuestionAnswer } from '../../../contract/api';
import { errorMessage } from '../api';
import { useApi } from '../api/ApiContext';
import { FormMessages } from '../app/FormMessages';
import { useAnnouncement } from '../app/useAnnouncement';
import { whyNot } from '../captions/useModelTasks';
import { useShortcut } from '../shortcuts/ShortcutContext';
import { addToExtendedDescription } from './extended-text';

interface Props {
  image: ImageDetail;
  /** What the chosen model can do; null while that is not known. */
  tasks: ModelTasks | null;
  /** Called with the image after an answer was saved as its alt text or added to its extended description. */
  onChanged: (image: ImageDetail) => void;
}

/**
 * Ask about this photo: a question for the chosen model, its answer built up as it is generated (heard once,
 * when it is finished, through the polite status region) and the photo's question history, each answer
 * with its model and time and buttons to make it the alt text or add it to the extended description. A model
 * that cannot answer questions is named, with why and which model can, instead of the question field.
 */
export function AskPanel({ image, tasks, onChanged }: Props) {
  const api = useApi();
  const [question, setQuestion] = useState('');
  const [history, setHistory] = useState<QuestionAnswer[]>([]);
  /** The answer so far while the model is generating it; null when no question is being answered. */
  const [partial, setPartial] = useState<string | null>(null);
  const [announcement, announce] = useAnnouncement();
  const [error, setError] = useState('');
  const fieldRef = useRef<HTMLInputElement>(null);
  const busy = partial !== null;
  const reason = whyNot(tasks, 'question');

  useEffect(() => {
    let current = true;
    api.call('images.questions', { imageId: image.id }).then(
      (asked) => current && setHistory(asked),
      (e: unknown) => current && setError(errorMessage(e)),
    );
    return () => {
      current = false;
    };
  }, [api, image.id]);

  useShortcut('review.ask', () => fieldRef.current?.focus());

  async function ask(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setError('');
    setPartial('');
    announce('Asking the model…');
    const unsubscribe = api.subscribe((pushed) => {
      if (pushed.type === 'ask.token' && pushed.imageId === image.id)
        setPartial((text) => (text ?? '') + pushed.text);
    });
    try {
      const answer = await api.call('images.ask', { imageId: image.id, question });
      setHistory((asked) => [...asked, answer]);
      setQuestion('');
      announce(
        `Answer: ${answer.answer}${answer.stoppedAtTokenLimit ? ' (cut off at the length limit)' : ''}`,
      );
    } catch (e) {
      announce('');
      setError(errorMessage(e));
    } finally {
      unsubscribe();
      setPartial(null);
    }
  }

  async function adoptAnswer(answer: QuestionAnswer) {
    setError('');
    try {
      onChanged(await api.call('descriptions.save', { imageId: image.id, text: answer.answer }));
      announce('The answer is now the alt text, saved as yours.');
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  async function addAnswer(answer: QuestionAnswer) {
    setError('');
    try {
      onChanged(await addToExtendedDescription(api, image.id, answer.answer));
      announce('The answer is added to the extended description, saved as yours.');
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <section className="ask-panel" aria-labelledby="ask-heading">
      <h3 id="ask-heading">Ask about this photo</h3>
      {reason && <p>{reason}</p>}
      {!reason && (
        <form className="ask-form" onSubmit={(e) => void ask(e)}>
          <TextField className="field" value={question} onChange={setQuestion}>
            <Label>Question</Label>
            <Input ref={fieldRef} className="input" />
            <Text slot="description" className="hint">
              The model answers from what the photo shows, e.g. “What does the sign say?”
            </Text>
          </TextField>
          <div className="form-actions">
            <Button type="submit" className="button" aria-disabled={busy || undefined}>
              Ask
            </Button>
          </div>
        </form>
      )}
      {partial !== null && (
        <p className="ask-partial" aria-hidden="true">
          {partial || 'Thinking…'}
        </p>
      )}
      <FormMessages status={announcement} error={error} />
      {history.length > 0 && (
        <ol className="ask-history" aria-label="Questions asked about this photo">
          {history.map((entry) => (
            <li key={entry.id}>
              <p className="ask-question">{entry.question}</p>
              <p id={`answer-${entry.id}`}>{entry.answer}</p>
              <p className="ask-meta">
                {entry.model}, {new Date(entry.askedAt).toLocaleString()}
                {entry.stoppedAtTokenLimit && ' — cut off at the length limit'}
              </p>
              <div className="form-actions">
                <Button
                  className="button"
                  aria-describedby={`answer-${entry.id}`}
                  onPress={() => void adoptAnswer(entry)}
                >
                  Use as alt text
                </Button>
                <Button
                  className="button"
                  aria-describedby={`answer-${entry.id}`}
                  onPress={() => void addAnswer(entry)}
                >
                  Add to extended description
                </Button>
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
