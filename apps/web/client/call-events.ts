import type { AgentApi, CallEvent } from './agent-api';

const ATTEMPTS = 3;
const RETRY_AFTER_MS = 500;

/**
 * What the page tells the call's workflow when it talks to OpenAI itself:
 * one event after another, in order, numbered so that a retry is applied once.
 */
export class CallEvents {
  private seq = 0;
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly api: AgentApi,
    private readonly callSid: string,
  ) {}

  send(event: CallEvent): Promise<void> {
    const seq = ++this.seq;
    this.sending = this.sending.then(() => this.deliver(seq, event));
    return this.sending;
  }

  private async deliver(seq: number, event: CallEvent): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.api.report(this.callSid, seq, event);
      } catch (error) {
        if (attempt === ATTEMPTS) return console.error(`call event ${seq} (${event.type}) was not delivered`, error);
        await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS * attempt));
      }
    }
  }
}
