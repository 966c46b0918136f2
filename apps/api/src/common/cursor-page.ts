import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';

/** Keyset position of the last row of a page: its sort time and its id (the tiebreak). */
export interface Cursor {
  at: Date;
  id: string;
}

/** `?limit&cursor` of every list. */
export const PageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(300).optional().describe('nextCursor of the previous page'),
};

/** A page of a list as every list endpoint answers it; `nextCursor` is null on the last page. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), nextCursor: z.string().nullable() });

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.at.toISOString(), cursor.id])).toString('base64url');
}

const CursorJson = z.tuple([z.iso.datetime(), z.string().min(1)]);

/** An opaque cursor back into its position; a tampered one is a 400 on `cursor`. */
export function decodeCursor(cursor: string | undefined): Cursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [at, id] = CursorJson.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { at: new Date(at), id };
  } catch {
    throw new BadRequestException(['cursor: not a cursor this API handed out']);
  }
}

/** Rows fetched with `take: limit + 1`: the page, and the cursor to the next one when there is more. */
export function toPage<Row, Item>(rows: Row[], limit: number, cursorOf: (row: Row) => Cursor, view: (row: Row) => Item): { data: Item[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  return { data: page.map(view), nextCursor: rows.length > limit ? encodeCursor(cursorOf(page[page.length - 1])) : null };
}
