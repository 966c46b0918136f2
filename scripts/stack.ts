/**
 * `npm run stack`: every Switchboard process in local mode, until Ctrl-C.
 * (`npm run demo` starts the same stack itself and places one call through it.)
 */
import { installTemporalRuntime } from '../libs/temporal/src/runtime';
import { createLogger } from '../libs/logging/src/logger';
import { autoShopConversation } from '../simulators/scripts/demo-conversations';
import { LOCAL_PORTS, startLocalStack } from './local-stack';

async function main(): Promise<void> {
  installTemporalRuntime(createLogger('temporal-sdk', 'warn'));
  const stack = await startLocalStack({ script: autoShopConversation().script, log: (line) => console.log(line) });
  console.log(`
Switchboard is up (local mode):
  API                    ${stack.apiUrl}            (Twilio voice webhook: POST /twilio/voice)
  REST API admin key     ${stack.adminApiKey}   (Authorization: Bearer … for ${stack.apiUrl}/v1)
  media-edge             ${stack.mediaStreamUrl}   (Twilio Media Streams; /browser for web pages)
  Temporal UI            ${stack.temporalUiUrl}
  Twilio REST simulator  ${stack.twilio.rest.baseUrl}   (account ${stack.twilio.accountSid})
  Realtime simulator     ${stack.realtime.url}
  database               ${stack.databaseKind === 'embedded' ? 'embedded PGlite' : 'PostgreSQL on 127.0.0.1:5432'}
Ports: PORT=${LOCAL_PORTS.api} MEDIA_EDGE_PORT=${LOCAL_PORTS.mediaEdge} TWILIO_SIMULATOR_PORT=${LOCAL_PORTS.twilioRest} REALTIME_SIMULATOR_PORT=${LOCAL_PORTS.realtime} TEMPORAL_UI_PORT=${LOCAL_PORTS.temporalUi}
Ctrl-C stops everything.`);
  await new Promise((resolve) => process.once('SIGINT', resolve));
  await stack.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
