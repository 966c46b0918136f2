/**
 * `npm run stack [-- --engine postgres]`: every Switchboard process in local
 * mode, until Ctrl-C or SIGTERM, on the Temporal dev server or (`--engine
 * postgres`) the production Temporal server on the local PostgreSQL. (`npm run demo` starts the same stack itself and places one call
 * through it.) Any caller may dial in, as often as they like: the demo
 * callers get their scripted conversations, everyone else the simulator's
 * generic agent. Every process started here ends with this one, however it ends.
 */
import { parseEngineArg } from '../libs/infra/src/temporal-engine-arg';
import { installTemporalRuntime } from '../libs/temporal/src/runtime';
import { createLogger } from '../libs/logging/src/logger';
import { demoPlan } from '../simulators/scripts/demo-plan';
import { startLocalStack } from './local-stack';

const USAGE = 'usage: npm run stack -- [--engine dev|postgres]';

async function main(): Promise<void> {
  const engine = parseEngineArg(process.argv.slice(2), USAGE);
  installTemporalRuntime(createLogger('temporal-sdk', 'warn'));
  const stack = await startLocalStack({ plan: demoPlan(), engine, temporalDbFile: process.env.TEMPORAL_DB_FILE || undefined, log: (line) => console.log(line) });
  const { ports } = stack;
  console.log(`
Switchboard is up (local mode):
  API                    ${stack.apiUrl}            (Twilio voice webhook: POST /twilio/voice; REST docs: /docs)
  REST API admin key     ${stack.adminApiKey}   (Authorization: Bearer … for ${stack.apiUrl}/v1)
  admin console          ${stack.apiUrl}/admin      (sign in with the admin key or a tenant key)
  browser agent          ${stack.browserAgentUrl}
                         (Peak Roofing's field crew, a session link for 24 h; or ${stack.apiUrl}/client with a tenant key)
  media-edge             ${stack.mediaStreamUrl}   (Twilio Media Streams; /browser for web pages)
  worker metrics         ${stack.workerMetricsUrl}
  Temporal UI            ${stack.temporalUiUrl ?? `none with the production engine (docs/temporal-server.md): temporal workflow list --address ${stack.temporalAddress}`}
  Temporal gRPC          ${stack.temporalAddress}   (${engine === 'postgres' ? 'production server on PostgreSQL, ' : ''}temporal CLI: --address ${stack.temporalAddress})
  Twilio REST simulator  ${stack.twilio.rest.baseUrl}   (account ${stack.twilio.accountSid})
  Realtime simulator     ${stack.realtime.url}
  speech simulator       ${stack.speechUrl}
  database               ${stack.databaseKind === 'embedded' ? 'embedded PGlite' : 'PostgreSQL on 127.0.0.1:5432'}
Ports: PORT=${ports.api} MEDIA_EDGE_PORT=${ports.mediaEdge} WORKER_METRICS_PORT=${ports.workerMetrics} TWILIO_SIMULATOR_PORT=${ports.twilioRest} REALTIME_SIMULATOR_PORT=${ports.realtime} TEMPORAL_UI_PORT=${ports.temporalUi}
Ctrl-C stops everything.`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    for (const name of ['SIGINT', 'SIGTERM'] as const) process.once(name, resolve);
  });
  console.log(`${signal}: stopping`);
  await stack.stop();
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
