import { useEffect, useState } from 'react';
import type { CaptionTask, ModelTasks } from '../../../contract/api';
import { useApi } from '../api/ApiContext';

/**
 * What the chosen model can do; null until known. Asked again when the captions' model or its engine's
 * state changes (another model chosen, or one that failed now starts) and when a download finishes.
 */
export function useModelTasks(): ModelTasks | null {
  const api = useApi();
  const [tasks, setTasks] = useState<ModelTasks | null>(null);

  useEffect(() => {
    let live = true;
    let engine: string | null = null;
    const fetchTasks = () =>
      api.call('models.tasks', {}).then(
        (known) => {
          if (live) setTasks(known);
        },
        // Not worth an error: each action still says why it cannot run when it is tried.
        () => undefined,
      );
    const stop = api.subscribe((event) => {
      if (event.type === 'captions.status') {
        const now = `${event.status.engine.model}\n${event.status.engine.state}`;
        if (engine !== null && now !== engine) void fetchTasks();
        engine = now;
      }
      if (event.type === 'models.download' && event.download.state === 'done') void fetchTasks();
    });
    void fetchTasks();
    return () => {
      live = false;
      stop();
    };
  }, [api]);

  return tasks;
}

/** Why the model cannot do `task`, or null when it can (or while that is not known yet). */
export function whyNot(tasks: ModelTasks | null, task: CaptionTask): string | null {
  return tasks?.unavailable.find((entry) => entry.task === task)?.reason ?? null;
}
