import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { PrismaClient } from '../../../libs/db/src/prisma';
import type { MediaEdgeMetrics } from './metrics';

/** `taken`: another stream has the call; `unchecked`: PostgreSQL did not answer in time, and the stream goes on. */
export type StreamClaim = 'claimed' | 'taken' | 'unchecked';

/** A caller waits for the greeting behind this check: past it, a stream is let through rather than kept silent. */
const CLAIM_DEADLINE_MS = 1_000;

/**
 * Each call's one stream, claimed in PostgreSQL before its bridge tells the
 * call's workflow anything. Every media-edge instance sees the claim, so a
 * second stream for a call (a replayed or leaked stream token) is refused
 * wherever it lands. A claim is never released: Twilio opens one stream per
 * call and the browser agent one socket per conversation, and the stream
 * token is short-lived. During a PostgreSQL outage calls are answered
 * unchecked; the per-instance check (server.ts) still holds.
 */
export class StreamClaims {
  private readonly instance = `${hostname()}:${process.pid}`;

  constructor(
    private readonly db: PrismaClient,
    private readonly metrics: MediaEdgeMetrics,
    private readonly log: Logger,
  ) {}

  async claim(call: { callSid: string; tenantId: string; streamSid?: string }): Promise<StreamClaim> {
    // Raw SQL: no query to compile on a media-edge's first call, where the caller waits for the greeting.
    const insert = this.db.$executeRaw`
      INSERT INTO "MediaStreamClaim" ("callSid", "tenantId", "streamSid", instance)
      VALUES (${call.callSid}, ${call.tenantId}, ${call.streamSid ?? null}, ${this.instance})
      ON CONFLICT ("callSid") DO NOTHING`;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), CLAIM_DEADLINE_MS)));
    try {
      const outcome = await Promise.race([insert, deadline]);
      if (outcome === 'late') {
        insert.catch(() => undefined);
        return this.unchecked(call.callSid, `unanswered after ${CLAIM_DEADLINE_MS} ms`);
      }
      return outcome === 1 ? 'claimed' : 'taken';
    } catch (error) {
      return this.unchecked(call.callSid, 'failed', error);
    } finally {
      clearTimeout(timer);
    }
  }

  private unchecked(callSid: string, problem: string, error?: unknown): StreamClaim {
    this.metrics.uncheckedStreams.inc();
    this.log.warn({ err: error, callSid }, `stream claim ${problem}: the stream goes on unchecked`);
    return 'unchecked';
  }
}
