import type { Client } from '@temporalio/client';
import { requestGreetingRender } from '../../libs/greetings/src/greeting-renders';
import type { RenderedGreeting, RenderGreetingWorkflow } from '../../libs/greetings/src/render-greeting-messages';

/** Renders the seeded tenants' greetings (`render-greeting-<tenant>`) and waits for them: the first calls find them cached. */
export async function renderSeededGreetings(client: Client, tenantIds: string[], taskQueue?: string): Promise<RenderedGreeting[]> {
  return Promise.all(
    tenantIds.map(async (tenantId) => {
      const workflowId = await requestGreetingRender(client, tenantId, taskQueue);
      return client.workflow.getHandle<RenderGreetingWorkflow>(workflowId).result();
    }),
  );
}
