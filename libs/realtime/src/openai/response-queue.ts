import type { ResponseCreateEvent } from 'openai/resources/realtime/realtime';
import type { ResponsePurpose } from '../realtime-session';

export interface ResponseRequest {
  purpose: ResponsePurpose;
  instructions?: string;
}

/** What stands behind a response the server VAD started: an answer to the caller. */
const VAD_REPLY: ResponseRequest = { purpose: 'reply' };

/**
 * Sends `response.create` only while no response is active: the API refuses a
 * second one (`conversation_already_has_active_response`), so requests wait
 * here until `response.done`. Responses the server VAD starts count as active
 * too; a request that loses that race is put back at the front. While the
 * connection is down, requests wait for the next one; what a lost connection
 * still owed is handed back by `reset`.
 */
export class ResponseQueue {
  private readonly waiting: ResponseRequest[] = [];
  private activeId: string | undefined;
  /** Our request that the active response answers, or the VAD's reply. */
  private activeRequest: ResponseRequest | undefined;
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
    this.activeRequest = this.inFlight?.request ?? VAD_REPLY;
  }

  /** The request behind the active response `responseId` (the VAD's reply for one we did not ask for). */
  requestBehind(responseId: string): ResponseRequest | undefined {
    return this.activeId === responseId ? this.activeRequest : undefined;
  }

  /**
   * A response ended. Our pending request is settled by now: it either started
   * a response (this one, or one before it) or was refused with an `error`,
   * which always comes before the refusing response's `response.done`.
   */
  responseDone(responseId: string): void {
    if (this.activeId === responseId) this.activeId = this.activeRequest = undefined;
    this.inFlight = undefined;
    this.sendNext();
  }

  /** An `error` event answered one of our client events; returns our pending `response.create`'s request when it was that. */
  requestFailed(eventId: string | null | undefined, code: string | null | undefined): ResponseRequest | undefined {
    if (!this.inFlight || eventId !== this.inFlight.eventId) return undefined;
    const { request } = this.inFlight;
    this.inFlight = undefined;
    // Lost the race against a response the VAD started: ask again after it.
    if (code === 'conversation_already_has_active_response') this.waiting.unshift(request);
    this.sendNext();
    return request;
  }

  /** A connection is ready for responses: what waited is sent. */
  resume(): void {
    this.paused = false;
    this.sendNext();
  }

  /**
   * The connection dropped: nothing is active on the next one. Returns what
   * was owed, to be asked for there: the requests behind the running
   * response, the one sent and those waiting, fillers aside (their moment has
   * passed).
   */
  reset(): ResponseRequest[] {
    const owed = [this.activeRequest, this.inFlight?.request, ...this.waiting].filter(
      (request): request is ResponseRequest => request !== undefined && request.purpose !== 'filler',
    );
    this.waiting.length = 0;
    this.activeId = this.activeRequest = undefined;
    this.inFlight = undefined;
    this.paused = true;
    return owed;
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
