import { randomBytes } from 'node:crypto';

type IdPrefix = 'event' | 'sess' | 'conv' | 'item' | 'resp' | 'call' | 'ek';

/** Ids shaped like the real API's (`item_…`, `resp_…`, `call_…`, `ek_…`). */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}
