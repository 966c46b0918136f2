import type { PrismaClient } from '../../libs/db/src/prisma';
import type { Telephony } from '../../libs/telephony/src/telephony';
import type { ToolResult } from '../../libs/tools/src';
import { executeTool, type ExecuteToolInput } from './execute-tool';
import type { ToolHandlers } from './tool-context';

export function createToolActivities(deps: { db: PrismaClient; handlers: ToolHandlers; telephony?: Telephony; clock?: () => Date }) {
  return {
    /** Runs one tool call; see executeTool for the exactly-once guarantee. */
    async executeToolCall(input: ExecuteToolInput): Promise<ToolResult> {
      return executeTool(deps, input);
    },
  };
}
