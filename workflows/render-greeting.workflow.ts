import { proxyActivities, setHandler } from '@temporalio/workflow';
import type { CallActivities } from '../activities';
import { agentConfigChangedSignal, type RenderedGreeting, type RenderGreetingInput } from '../libs/greetings/src/render-greeting-messages';

const { renderGreeting } = proxyActivities<CallActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
  summary: 'render the greeting with the speech API and store it',
});

/**
 * `render-greeting-<tenant>`: renders the tenant's greeting audio from its
 * current agent config. A change signalled while a render runs gets one more
 * render afterwards, so the last config always wins.
 */
export async function renderGreetingWorkflow(input: RenderGreetingInput): Promise<RenderedGreeting> {
  let changes = 0;
  setHandler(agentConfigChangedSignal, () => {
    changes++;
  });
  let renderedChanges = changes;
  let rendered = await renderGreeting(input);
  while (changes > renderedChanges) {
    renderedChanges = changes;
    rendered = await renderGreeting(input);
  }
  return rendered;
}
