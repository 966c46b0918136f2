import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ApiKeyStore } from '../apps/api/src/api-keys/api-key-store';
import { createPrismaClient } from '../libs/db/src/prisma';
import { AppProcess, waitForHealth } from '../libs/infra/src/app-process';
import { provideDatabase, type DatabaseHandle } from '../libs/infra/src/database';
import { startLocalTemporal, type LocalTemporal } from '../libs/infra/src/temporal-server';
import { seedDemoTenants } from '../prisma/seed/demo-tenants';
import { RealtimeSimulator, type ConversationScript } from '../simulators/realtime';
import { TwilioRestSimulator } from '../simulators/twilio/rest';

const REPO_ROOT = path.resolve(__dirname, '..');
const EMBEDDED_POSTGRES_PORT = 54329;

/** Fixed local ports, each overridable from the environment (.env.example). */
export const LOCAL_PORTS = {
  api: Number(process.env.PORT ?? 3000),
  mediaEdge: Number(process.env.MEDIA_EDGE_PORT ?? 3001),
  twilioRest: Number(process.env.TWILIO_SIMULATOR_PORT ?? 4010),
  realtime: Number(process.env.REALTIME_SIMULATOR_PORT ?? 4020),
  temporalUi: Number(process.env.TEMPORAL_UI_PORT ?? 8233),
};

/** A made-up Twilio account the simulator and our apps agree on. */
const SIMULATED_TWILIO = { accountSid: `AC${'5'.repeat(32)}`, authToken: 'local-simulator-auth-token' };

export interface LocalStack {
  apiUrl: string;
  /** An admin key for the REST API (/v1), made for this run. */
  adminApiKey: string;
  mediaEdgeUrl: string;
  mediaStreamUrl: string;
  temporalAddress: string;
  temporalUiUrl: string;
  twilio: { accountSid: string; authToken: string; rest: TwilioRestSimulator };
  realtime: RealtimeSimulator;
  databaseKind: DatabaseHandle['kind'];
  stop(): Promise<void>;
}

/**
 * Everything Switchboard runs on, locally: PostgreSQL (or embedded PGlite),
 * the Temporal dev server with its UI, the Twilio REST and OpenAI Realtime
 * simulators, and one process each of worker, api and media-edge, wired
 * together by environment variables exactly as in production.
 */
export async function startLocalStack(options: { script: ConversationScript; logLevel?: string; log?: (line: string) => void }): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
  const database = await provideDatabase('switchboard', EMBEDDED_POSTGRES_PORT);
  const db = createPrismaClient(database.url, 1);
  await seedDemoTenants(db);
  const adminApiKey = (await new ApiKeyStore(db).create({ role: 'admin' }, 'local stack')).key;
  await db.$disconnect();
  log(`PostgreSQL: ${database.kind === 'embedded' ? 'embedded PGlite' : 'local server'}, migrated and seeded`);

  const temporal: LocalTemporal = await startLocalTemporal({
    uiPort: LOCAL_PORTS.temporalUi,
    dbFilename: path.join(REPO_ROOT, '.data', 'temporal.sqlite'),
    log,
  });
  const rest = await TwilioRestSimulator.start({ ...SIMULATED_TWILIO, port: LOCAL_PORTS.twilioRest });
  const realtime = await RealtimeSimulator.start({ script: options.script, port: LOCAL_PORTS.realtime });

  const apiUrl = `http://127.0.0.1:${LOCAL_PORTS.api}`;
  const mediaEdgeUrl = `http://127.0.0.1:${LOCAL_PORTS.mediaEdge}`;
  const mediaStreamUrl = `ws://127.0.0.1:${LOCAL_PORTS.mediaEdge}/media`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: options.logLevel ?? 'info',
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_UI_URL: temporal.uiUrl,
    PORT: String(LOCAL_PORTS.api),
    PUBLIC_URL: apiUrl,
    MEDIA_EDGE_PORT: String(LOCAL_PORTS.mediaEdge),
    MEDIA_STREAM_URL: mediaStreamUrl,
    STREAM_TOKEN_SECRET: randomBytes(24).toString('hex'),
    OPENAI_REALTIME_URL: realtime.url,
    OPENAI_API_KEY: realtime.apiKey,
    OPENAI_BASE_URL: realtime.restBaseUrl,
    TWILIO_ACCOUNT_SID: SIMULATED_TWILIO.accountSid,
    TWILIO_AUTH_TOKEN: SIMULATED_TWILIO.authToken,
    TWILIO_API_BASE_URL: rest.baseUrl,
  };
  const children = [
    // Summaries stay local: the Realtime simulator does not serve Chat Completions.
    AppProcess.start('worker', 'apps/worker/src/main.ts', { ...env, OPENAI_API_KEY: '' }, { log }),
    AppProcess.start('api', 'apps/api/src/main.ts', env, { log }),
    AppProcess.start('media-edge', 'apps/media-edge/src/main.ts', env, { log }),
  ];
  await Promise.all([waitForHealth(`${apiUrl}/health`), waitForHealth(`${mediaEdgeUrl}/health`)]);

  return {
    apiUrl,
    adminApiKey,
    mediaEdgeUrl,
    mediaStreamUrl,
    temporalAddress: temporal.address,
    temporalUiUrl: temporal.uiUrl!,
    twilio: { ...SIMULATED_TWILIO, rest },
    realtime,
    databaseKind: database.kind,
    async stop() {
      await Promise.all(children.map((child) => child.stop()));
      await Promise.all([rest.close(), realtime.close()]);
      await temporal.env.teardown();
      await database.stop();
    },
  };
}
