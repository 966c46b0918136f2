import { isGrpcServiceError, ServiceError, WorkflowNotFoundError } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Backoff {
  /** Wait before the first retry; doubles each time, up to `maxBackoffMs`, with ±20 % jitter. */
  initialBackoffMs: number;
  maxBackoffMs: number;
}

/** How a request to a call's workflow ended. */
export type Answered<T> = { outcome: 'answered'; value: T } | { outcome: 'workflow_closed' | 'rejected'; error: unknown };

/**
 * Sends `request` until Temporal answers it, waiting with backoff between
 * attempts: a request to a live call's workflow outlives a Temporal outage.
 * Gives up only when the answer can never come: the workflow has closed, or
 * the server refuses the request as malformed. `retrying` hears each failed
 * attempt. The request must be safe to repeat (an Update with a fixed id, a
 * signal the workflow applies once).
 */
export async function untilAnswered<T>(
  request: () => Promise<T>,
  backoff: Backoff,
  retrying: (reason: string, attempt: number, backoffMs: number) => void,
): Promise<Answered<T>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { outcome: 'answered', value: await request() };
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return { outcome: 'workflow_closed', error };
      if (isMalformed(error)) return { outcome: 'rejected', error };
      const backoffMs = backoffFor(attempt, backoff);
      retrying(describe(error), attempt, backoffMs);
      await sleep(backoffMs);
    }
  }
}

const GRPC_INVALID_ARGUMENT = 3;

/** A request the server will refuse however often it is sent. */
function isMalformed(error: unknown): boolean {
  return error instanceof ServiceError && isGrpcServiceError(error.cause) && error.cause.code === GRPC_INVALID_ARGUMENT;
}

function backoffFor(attempt: number, { initialBackoffMs, maxBackoffMs }: Backoff): number {
  return Math.round(Math.min(maxBackoffMs, initialBackoffMs * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4));
}

/** The message, not the stack: under an outage this line repeats for many calls at once. */
function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error instanceof Error ? error.message : String(error)}${cause}`;
}
