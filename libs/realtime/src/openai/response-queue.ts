import type { ResponseCreateEvent } from 'openai/resources/realtime/realtime';
import type { ResponsePurpose } from '../realtime-session';

interface ResponseRequest {
  purpose: ResponsePurpose;
  instructions?: string;
}

/**
 * Sends `response.create` only while no response is active: the API refuses a
 * second one (`conversation_already_has_active_response`), so requests wait
 * here until `response.done`. Responses the server VAD starts count as active
 * too; a request that loses that race is put back at the front. While the
 * connection is down, requests wait for the next one.
 */
export class ResponseQueue {
  private readonly waiting: ResponseRequest[] = [];
  private activeId: string | undefined;
  private inFlight: { eventId: string; request: ResponseRequest } | undefined;
  private sentCount = 0;
  private paused = true;

  constructor(private readonly send: (event: ResponseCreateEvent) => void) {}

  /** The response being generated now, if any. */
  get activeResponseId(): string | undefined {
    return this.activeId;
  }

  request(purpose: ResponsePurpose, instructions?: string): void {
    if (purpose === 'reply' && this.waiting.some((waiting) => waiting.purpose === 'reply')) return;
    this.waiting.push({ purpose, instructions });
    this.sendNext();
  }

  /** Drops requests not sent yet (a filler that is no longer needed). */
  withdraw(purpose: ResponsePurpose): void {
    for (let i = this.waiting.length - 1; i >= 0; i--) if (this.waiting[i].purpose === purpose) this.waiting.splice(i, 1);
  }

  responseCreated(responseId: string): void {
    this.activeId = responseId;
  }

  /**
   * A response ended. Our pending request is settled by now: it either started
   * a response (this one, or one before it) or was refused with an `error`,
   * which always comes before the refusing response's `response.done`.
   */
  responseDone(responseId: string): void {
    if (this.activeId === responseId) this.activeId = undefined;
    this.inFlight = undefined;
    this.sendNext();
  }

  /** An `error` event answered one of our client events; returns true when it was our pending `response.create`. */
  requestFailed(eventId: string | null | undefined, code: string | null | undefined): boolean {
    if (!this.inFlight || eventId !== this.inFlight.eventId) return false;
    const { request } = this.inFlight;
    this.inFlight = undefined;
    // Lost the race against a response the VAD started: ask again after it.
    if (code === 'conversation_already_has_active_response') this.waiting.unshift(request);
    this.sendNext();
    return true;
  }

  /** A connection is ready for responses: what waited is sent. */
  resume(): void {
    this.paused = false;
    this.sendNext();
  }

  /** The connection dropped: nothing is active on the next one, and old requests belong to the old conversation. */
  reset(): void {
    this.waiting.length = 0;
    this.activeId = undefined;
    this.inFlight = undefined;
    this.paused = true;
  }

  private sendNext(): void {
    if (this.paused || this.activeId || this.inFlight) return;
    const next = this.waiting.shift();
    if (!next) return;
    const eventId = `switchboard_response_${++this.sentCount}`;
    this.inFlight = { eventId, request: next };
    this.send({ type: 'response.create', event_id: eventId, response: next.instructions === undefined ? undefined : { instructions: next.instructions } });
  }
}
