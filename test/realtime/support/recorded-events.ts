import type { TokenUsage } from '../../../libs/calls/src';
import type { RealtimeProblem, RealtimeSessionEvents } from '../../../libs/realtime/src/realtime-session';

const WAIT_LIMIT_MS = 10_000;

export type RecordedEvent =
  | { name: 'agentAudio'; audio: string; itemId: string; responseId: string }
  | { name: 'speechStarted' }
  | { name: 'transcript'; role: 'caller' | 'agent'; text: string }
  | { name: 'functionCall'; callId: string; toolName: string; rawArguments: string }
  | { name: 'responseDone'; responseId: string }
  | { name: 'usage'; usage: TokenUsage }
  | { name: 'reconnecting'; detail: string }
  | { name: 'restored' }
  | { name: 'error'; problem: RealtimeProblem }
  | { name: 'lost'; detail: string };

type Named<N extends RecordedEvent['name']> = Extract<RecordedEvent, { name: N }>;

/** The events a session raised, in order, with a way to wait for the next ones. */
export class RecordedEvents {
  readonly all: RecordedEvent[] = [];
  /** What a session reports to: every event is recorded here. */
  readonly handlers: RealtimeSessionEvents = {
    agentAudio: (audio, itemId, responseId) => this.record({ name: 'agentAudio', audio, itemId, responseId }),
    speechStarted: () => this.record({ name: 'speechStarted' }),
    transcript: (role, text) => this.record({ name: 'transcript', role, text }),
    functionCall: (callId, toolName, rawArguments) => this.record({ name: 'functionCall', callId, toolName, rawArguments }),
    responseDone: (responseId) => this.record({ name: 'responseDone', responseId }),
    usage: (usage) => this.record({ name: 'usage', usage }),
    reconnecting: (detail) => this.record({ name: 'reconnecting', detail }),
    restored: () => this.record({ name: 'restored' }),
    error: (problem) => this.record({ name: 'error', problem }),
    lost: (detail) => this.record({ name: 'lost', detail }),
  };
  private readonly waiters = new Set<() => void>();

  of<N extends RecordedEvent['name']>(name: N): Array<Named<N>> {
    return this.all.filter((event): event is Named<N> => event.name === name);
  }

  /** Resolves with the `count`-th event called `name` (1: the first), once it was raised. */
  until<N extends RecordedEvent['name']>(name: N, count = 1): Promise<Named<N>> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const event = this.of(name)[count - 1];
        if (!event) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(event);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no ${name} event #${count} within ${WAIT_LIMIT_MS} ms; raised: ${this.all.map((event) => event.name).join(', ')}`));
      }, WAIT_LIMIT_MS);
      this.waiters.add(check);
      check();
    });
  }

  private record(event: RecordedEvent): void {
    this.all.push(event);
    for (const waiter of [...this.waiters]) waiter();
  }
}
