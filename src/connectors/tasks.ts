// A connector's backend tasks as the engine follows them: the JSON an action answered (and the operation store
// kept) is parsed once with the connector's own schema, and each poll then gets the connector's own typed task.
import type { z } from 'zod';
import type { JsonValue, TaskState } from '../domain/operation.js';
import { BackendFailure } from './errors.js';

/** One stored task, read: where it stands now, asked of the backend at each poll. */
export interface FollowedTask {
  poll(): Promise<TaskState>;
  /**
   * Asks the backend to stop the task (connectors with a cancel slice): where it stands after, as the backend says,
   * or null where the backend would not stop it (finished already, say) and a poll tells what became of it.
   */
  cancel?(): Promise<TaskState | null>;
}

/** How a connector reads its stored tasks; not generic, so the registry holds every connector alike. */
export interface TaskCodec {
  /** The stored task, ready to poll; a BackendFailure (BAD_RESPONSE) when it is not one of this connector's tasks. */
  read(stored: JsonValue): FollowedTask;
}

/**
 * The codec of a connector whose tasks `schema` describes: `poll` sees only tasks that parsed, typed as the schema's
 * output. `brand` names the backend type in the refusal ("not a Danube task reference").
 */
export function taskCodec<S extends z.ZodType>(
  backend: string,
  brand: string,
  schema: S,
  poll: (task: z.output<S>) => Promise<TaskState>,
  cancel?: (task: z.output<S>) => Promise<TaskState | null>,
): TaskCodec {
  return {
    read(stored) {
      const parsed = schema.safeParse(stored);
      if (!parsed.success) throw new BackendFailure(backend, `not a ${brand} task reference`, 'BAD_RESPONSE');
      const task = parsed.data;
      return { poll: () => poll(task), ...(cancel && { cancel: () => cancel(task) }) };
    },
  };
}

/** The codec of a connector whose actions all end at once: any stored task is refused with `why`. */
export function noTasks(backend: string, why: string): TaskCodec {
  return {
    read() {
      throw new BackendFailure(backend, why, 'UNSUPPORTED');
    },
  };
}
