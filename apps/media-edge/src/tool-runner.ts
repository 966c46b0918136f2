import type { Logger } from 'pino';
import { fail, type ToolResult } from '../../../libs/tools/src';
import { secondsSince, type MediaEdgeMetrics } from './metrics';

/** A tool slower than this gets one filler line from the agent, so the caller is not left in silence. */
const FILLER_DELAY_MS = 700;

export interface ToolRunnerHost {
  /** The workflow's `runTool` Update (CallsClient.runTool for this call). */
  requestTool(toolCallId: string, name: string, args: unknown): Promise<ToolResult>;
  /** Hands a result to the model; `othersRunning` says whether more results of the same turn are still to come. */
  deliver(call: { callId: string; name: string }, output: string, othersRunning: boolean): void;
  /** Asks the agent for the filler line (once per wait, however many tools run). */
  sayFiller(): void;
  metrics: MediaEdgeMetrics;
  log: Logger;
}

/**
 * The model's function calls, each run once as a `runTool` Update on the
 * call's workflow with the Realtime call id as the Update id. Results go back
 * to the model as they arrive; a hang-up does not cancel them.
 */
export class ToolRunner {
  private readonly running = new Map<string, Promise<void>>();
  private fillerTimer: NodeJS.Timeout | undefined;
  private fillerSaid = false;
  private stopped = false;

  constructor(private readonly host: ToolRunnerHost) {}

  /** Runs one function call (the session announces each call id once). */
  handle(callId: string, name: string, rawArguments: string): void {
    const call = { callId, name };
    let args: unknown;
    try {
      args = rawArguments.trim() ? JSON.parse(rawArguments) : {};
    } catch {
      this.host.log.warn({ callId, name }, 'function call arguments are not valid JSON');
      const output = fail('invalid_arguments', 'The arguments were not valid JSON. Call the tool again with a JSON object.');
      this.host.deliver(call, JSON.stringify(output), this.running.size > 0);
      return;
    }
    this.running.set(callId, this.run(call, args));
    if (!this.stopped) this.fillerTimer ??= setTimeout(() => this.fillerDue(), FILLER_DELAY_MS);
  }

  /** Resolves when every tool call started so far has its result, or after `limitMs`. */
  async settled(limitMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, limitMs)));
    await Promise.race([Promise.all(this.running.values()), limit]);
    clearTimeout(timer);
  }

  /** The call is over: no filler any more (results still settle). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.fillerTimer);
    this.fillerTimer = undefined;
  }

  private async run(call: { callId: string; name: string }, args: unknown): Promise<void> {
    const { metrics, log } = this.host;
    const startedAt = process.hrtime.bigint();
    metrics.toolCallsInFlight.inc();
    let result: ToolResult;
    try {
      result = await this.host.requestTool(call.callId, call.name, args);
    } catch (error) {
      log.error({ err: error, ...call }, 'runTool Update failed');
      result = fail('tool_unavailable', `${call.name} is not working right now; offer to take a message or transfer.`);
    }
    metrics.toolCallsInFlight.dec();
    metrics.toolCallSeconds.observe({ outcome: result.ok ? 'ok' : 'error' }, secondsSince(startedAt));
    this.running.delete(call.callId);
    if (this.running.size === 0) this.endWait();
    try {
      this.host.deliver(call, JSON.stringify(result), this.running.size > 0);
    } catch (error) {
      log.error({ err: error, ...call }, 'could not hand the tool result to the model');
    }
  }

  private fillerDue(): void {
    this.fillerTimer = undefined;
    if (this.running.size === 0 || this.fillerSaid || this.stopped) return;
    this.fillerSaid = true;
    this.host.sayFiller();
  }

  private endWait(): void {
    clearTimeout(this.fillerTimer);
    this.fillerTimer = undefined;
    this.fillerSaid = false;
  }
}
