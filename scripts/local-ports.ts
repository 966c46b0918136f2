import { freeLoopbackPort } from '../libs/infra/src/app-process';

export interface LocalPorts {
  api: number;
  mediaEdge: number;
  /** The worker's /metrics. */
  workerMetrics: number;
  twilioRest: number;
  realtime: number;
  temporalUi: number;
}

/** Fixed local ports, each overridable from the environment (.env.example). */
export function localPortsFromEnv(env: NodeJS.ProcessEnv = process.env): LocalPorts {
  return {
    api: Number(env.PORT ?? 3000),
    mediaEdge: Number(env.MEDIA_EDGE_PORT ?? 3001),
    workerMetrics: Number(env.WORKER_METRICS_PORT ?? 3002),
    twilioRest: Number(env.TWILIO_SIMULATOR_PORT ?? 4010),
    realtime: Number(env.REALTIME_SIMULATOR_PORT ?? 4020),
    temporalUi: Number(env.TEMPORAL_UI_PORT ?? 8233),
  };
}

/** Ports nobody listens on right now, for a stack beside others on this machine (tests, benches). */
export async function freeLocalPorts(): Promise<LocalPorts> {
  return {
    api: await freeLoopbackPort(),
    mediaEdge: await freeLoopbackPort(),
    workerMetrics: await freeLoopbackPort(),
    twilioRest: await freeLoopbackPort(),
    realtime: await freeLoopbackPort(),
    temporalUi: await freeLoopbackPort(),
  };
}
