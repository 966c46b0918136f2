import type { PrismaClient } from '../../libs/db/src/prisma';
import { executeTool, type ExecuteToolInput } from './execute-tool';
import type { ToolExecution, ToolHandlers } from './tool-context';

export function createToolActivities(deps: { db: PrismaClient; handlers: ToolHandlers; clock?: () => Date }) {
  return {
    /** Runs one tool call; see executeTool for the exactly-once guarantee. */
    async executeToolCall(input: ExecuteToolInput): Promise<ToolExecution> {
      return executeTool(deps, input);
    },
  };
}
