import { fail, ok, type ToolResult } from '../../libs/tools/src';
import type { ToolContext } from './tool-context';

/** The tool's `phone` argument, else the number the caller is calling from. */
export function phoneOrCaller(phone: string | undefined, ctx: ToolContext): ToolResult<string> {
  const resolved = phone ?? ctx.callerNumber;
  return resolved ? ok(resolved) : fail('phone_required', 'I need a phone number for that. Please ask the caller for one.');
}
