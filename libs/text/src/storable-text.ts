/** A problem with one string of an input, where zod would put it: the path to it, and what is wrong. */
export interface TextIssue {
  path: Array<string | number>;
  message: string;
}

/** With the `u` flag a surrogate pair is one code point: only a lone surrogate matches. */
const LONE_SURROGATE = /\p{Cs}/u;
const UNSTORABLE = /[\0\p{Cs}]/gu;

interface Visit {
  value: unknown;
  parent?: Visit;
  key?: string | number;
}

/**
 * Every string in `value` (object keys included, through arrays and objects)
 * that PostgreSQL could not store as it is: text there cannot hold NUL, and a
 * lone UTF-16 surrogate has no UTF-8 form (it would silently become U+FFFD).
 * Refused at the edge, such input gets a 400 instead of a failed write.
 * Walked without recursion: a body may nest as deep as it likes.
 */
export function unstorableText(value: unknown): TextIssue[] {
  const issues: TextIssue[] = [];
  const visits: Visit[] = [{ value }];
  for (let next = 0; next < visits.length; next++) {
    const visit = visits[next];
    const { value: item } = visit;
    if (typeof item === 'string') {
      const problem = problemOf(item);
      if (problem) issues.push({ path: pathOf(visit), message: problem });
    } else if (Array.isArray(item)) {
      item.forEach((child: unknown, index) => visits.push({ value: child, parent: visit, key: index }));
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, child] of Object.entries(item)) {
        const problem = problemOf(key);
        if (problem) issues.push({ path: pathOf(visit), message: `key ${JSON.stringify(key)} ${problem}` });
        visits.push({ value: child, parent: visit, key });
      }
    }
  }
  return issues;
}

/** Text we keep whatever it holds (what the model heard or said): each unstorable character becomes U+FFFD. */
export function storableText(text: string): string {
  return text.replace(UNSTORABLE, '\ufffd');
}

function problemOf(text: string): string | undefined {
  if (text.includes('\0')) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode (it has a lone surrogate)';
  return undefined;
}

function pathOf(visit: Visit): Array<string | number> {
  const path: Array<string | number> = [];
  for (let at: Visit | undefined = visit; at?.parent; at = at.parent) path.push(at.key!);
  return path.reverse();
}
