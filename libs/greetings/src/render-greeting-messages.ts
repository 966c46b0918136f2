import { defineSignal } from '@temporalio/workflow';

// The contract of `render-greeting-<tenant>`, shared by the workflow and whoever starts it.

export const RENDER_GREETING_WORKFLOW_TYPE = 'renderGreetingWorkflow';
export const renderGreetingWorkflowId = (tenantId: string) => `render-greeting-${tenantId}`;

export interface RenderGreetingInput {
  tenantId: string;
}

/** The agent config changed while a render ran: render again once it is done. */
export const agentConfigChangedSignal = defineSignal('agentConfigChanged');

export type RenderedGreeting =
  | { outcome: 'rendered' | 'already_rendered'; voice: string; textHash: string; durationMs: number }
  /** Nothing to render with: no speech synthesis configured, or the tenant has no agent config. */
  | { outcome: 'skipped'; reason: string };

export type RenderGreetingWorkflow = (input: RenderGreetingInput) => Promise<RenderedGreeting>;
