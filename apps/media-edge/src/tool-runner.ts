import type { Logger } from 'pino';
import { fail, type ToolResult } from '../../../libs/tools/src';
import { DECLINED_RESULT } from '../../../libs/tools/src/declined-result';
import { secondsSince, type MediaEdgeMetrics } from './metrics';

/** A tool slower than this gets one filler line from the agent, so the caller is not left in silence. */
const FILLER_DELAY_MS = 700;
/** Tools the agent calls after its last words: a filler would become the last thing the caller hears. */
const NO_FILLER_TOOLS = new Set(['end_call']);

/** One function call of the model, with its parsed arguments. */
export interface ToolCallRequest {
  callId: string;
  name: string;
  args: unknown;
}

/** How far a tool call got: declined by the user, running, or its result. */
export type ToolCallProgress = ToolCallRequest & ({ state: 'running' } | { state: 'done' | 'failed' | 'declined'; result: ToolResult });

export interface ToolRunnerHost {
  /** The workflow's `runTool` Update (CallsClient.runTool for this call). */
  requestTool(toolCallId: string, name: string, args: unknown): Promise<ToolResult>;
  /** Whether the tool call may run: true unless the user is asked first (some tools, in the browser) and says no. */
  approve(call: ToolCallRequest): Promise<boolean>;
  /** Each step of a tool call, for a caller who can see them. */
  progress(update: ToolCallProgress): void;
  /** Hands a result to the model; `othersRunning` says whether more results of the same turn are still to come. */
  deliver(call: { callId: string; name: string }, output: string, othersRunning: boolean): void;
  /** Asks the agent for the filler line (once per wait, however many tools run). */
  sayFiller(): void;
  metrics: MediaEdgeMetrics;
  log: Logger;
}

/**
 * The model's function calls, each run once as a `runTool` Update on the
 * call's workflow with the Realtime call id as the Update id, once the host
 * approves it. Results go back to the model as they arrive; a hang-up does
 * not cancel them.
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
    this.running.set(callId, this.run({ ...call, args }));
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

  private async run(call: ToolCallRequest): Promise<void> {
    let result: ToolResult;
    if (await this.approved(call)) {
      this.host.progress({ ...call, state: 'running' });
      // The wait the filler covers starts now, not while the user reads a confirmation.
      if (!this.stopped && !NO_FILLER_TOOLS.has(call.name)) this.fillerTimer ??= setTimeout(() => this.fillerDue(), FILLER_DELAY_MS);
      result = await this.execute(call);
      this.host.progress({ ...call, state: result.ok ? 'done' : 'failed', result });
    } else {
      result = DECLINED_RESULT;
      this.host.progress({ ...call, state: 'declined', result });
    }
    this.running.delete(call.callId);
    if (this.running.size === 0) this.endWait();
    try {
      this.host.deliver(call, JSON.stringify(result), this.running.size > 0);
    } catch (error) {
      this.host.log.error({ err: error, callId: call.callId, name: call.name }, 'could not hand the tool result to the model');
    }
  }

  private async approved(call: ToolCallRequest): Promise<boolean> {
    try {
      return await this.host.approve(call);
    } catch (error) {
      this.host.log.warn({ err: error, callId: call.callId, name: call.name }, 'no approval for the tool call: it does not run');
      return false;
    }
  }

  private async execute({ callId, name, args }: ToolCallRequest): Promise<ToolResult> {
    const { metrics, log } = this.host;
    const startedAt = process.hrtime.bigint();
    metrics.toolCallsInFlight.inc();
    let result: ToolResult;
    try {
      result = await this.host.requestTool(callId, name, args);
    } catch (error) {
      log.error({ err: error, callId, name }, 'runTool Update failed');
      result = fail('tool_unavailable', `${name} is not working right now; offer to take a message or transfer.`);
    }
    metrics.toolCallsInFlight.dec();
    metrics.toolCallSeconds.observe({ outcome: result.ok ? 'ok' : 'error' }, secondsSince(startedAt));
    return result;
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
