import { executeTool, type ExecuteToolDeps, type ExecuteToolInput } from './execute-tool';
import type { ToolExecution } from './tool-context';

export function createToolActivities(deps: ExecuteToolDeps) {
  return {
    /** Runs one tool call; see executeTool for the exactly-once guarantee. */
    async executeToolCall(input: ExecuteToolInput): Promise<ToolExecution> {
      return executeTool(deps, input);
    },
  };
}
