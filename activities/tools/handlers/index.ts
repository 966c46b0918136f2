import type { ToolHandlers } from '../tool-context';
import { AUTO_SHOP_HANDLERS } from './auto-shop';
import { CORE_HANDLERS } from './core';
import { HOTEL_HANDLERS } from './hotel';
import { REAL_ESTATE_HANDLERS } from './real-estate';
import { REMINDER_HANDLERS } from './reminders';
import { ROOFING_HANDLERS } from './roofing';

/** Every tool's handler; the `ToolHandlers` type refuses a missing one. */
export const TOOL_HANDLERS: ToolHandlers = {
  ...CORE_HANDLERS,
  ...AUTO_SHOP_HANDLERS,
  ...REAL_ESTATE_HANDLERS,
  ...ROOFING_HANDLERS,
  ...HOTEL_HANDLERS,
  ...REMINDER_HANDLERS,
};
