/**
 * Child-process entry of {@link RealtimeSideProcess}: the Realtime side runs
 * on its own event loop, so the simulator's bursts (it synthesises a reply's
 * audio when the response starts) never hold up the callers' clock.
 */
import { BENCH_SCRIPT, SPEECH_TIMING } from './conversation-plan';
import { LoopLagMonitor } from './loop-lag';
import { RealtimeSide } from './realtime-side';
import type { ChildMessage, ParentMessage } from './realtime-side-process';

async function main(): Promise<void> {
  const side = await RealtimeSide.start({ script: BENCH_SCRIPT, timing: SPEECH_TIMING });
  const reply = (message: ChildMessage) => process.send!(message);
  let loopLag: LoopLagMonitor | undefined;
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'counts') reply({ type: 'counts', counts: [...side.countsByCaller()] });
    if (message.type === 'measure') {
      side.toRealtimeLatency.start();
      loopLag = new LoopLagMonitor();
    }
    if (message.type === 'measurement') reply({ type: 'measurement', toRealtime: side.toRealtimeLatency.stop(), loopLagP99Ms: loopLag?.stop() ?? 0 });
  });
  // The parent going away (or disconnecting on purpose) ends the child.
  process.on('disconnect', () => void side.close().then(() => process.exit(0)));
  reply({ type: 'ready', url: side.url, apiKey: side.apiKey });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
