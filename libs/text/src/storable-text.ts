/** A problem with one string of an input, where zod would put it: the path to it, and what is wrong. */
export interface TextIssue {
  path: Array<string | number>;
  message: string;
}

const NUL = /\0/;
/** With the `u` flag a surrogate pair is one code point: only a lone surrogate matches. */
const LONE_SURROGATE = /\p{Cs}/u;
const UNSTORABLE = /[\0\p{Cs}]/gu;

/**
 * Every string in `value` (object keys included, through arrays and objects)
 * that PostgreSQL could not store as it is: text there cannot hold NUL, and a
 * lone UTF-16 surrogate has no UTF-8 form (it would silently become U+FFFD).
 * Refused at the edge, such input gets a 400 instead of a failed write.
 */
export function unstorableText(value: unknown, path: Array<string | number> = []): TextIssue[] {
  if (typeof value === 'string') {
    if (NUL.test(value)) return [{ path, message: 'must not contain NUL characters' }];
    if (LONE_SURROGATE.test(value)) return [{ path, message: 'must be valid Unicode (it has a lone surrogate)' }];
    return [];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => unstorableText(item, [...path, index]));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => [
    ...unstorableText(key, path).map((issue) => ({ ...issue, message: `key ${JSON.stringify(key)} ${issue.message}` })),
    ...unstorableText(item, [...path, key]),
  ]);
}

/** Text we keep whatever it holds (what the model heard or said): each unstorable character becomes U+FFFD. */
export function storableText(text: string): string {
  return text.replace(UNSTORABLE, '\ufffd');
}
