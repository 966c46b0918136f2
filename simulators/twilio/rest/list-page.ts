import { apiError, type TwilioApiError } from './api-errors';
import { API_VERSION } from './call-resource';

/** Twilio's default and largest `PageSize`. */
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;
const PAGING = ['PageSize', 'Page', 'PageToken'];

/** A list filter: the resource's value for the query parameter of that name. */
export type ListFilters<T> = Record<string, (record: T) => string | null | undefined>;

/**
 * `GET /Calls.json`, `GET /Messages.json` (list / each / page in the SDK): the
 * account's resources, newest first, filtered by exact `filters`, one page of
 * `PageSize` at `Page`, with the paging URIs the SDK follows (`next_page_uri`).
 * A filter Twilio has but the simulator does not apply (StartTime, DateSent…)
 * is answered with a 400 rather than ignored.
 */
export function listPage<T extends { toJson(): Record<string, unknown> }>(
  resource: 'Calls' | 'Messages',
  records: readonly T[],
  accountSid: string,
  query: URLSearchParams,
  filters: ListFilters<T>,
): { page: Record<string, unknown> } | { error: TwilioApiError } {
  const unsupported = [...query.keys()].find((name) => !(name in filters) && !PAGING.includes(name));
  if (unsupported) return { error: apiError(400, 20001, `The simulator does not filter ${resource.toLowerCase()} by ${unsupported}`) };
  const pageSize = Number(query.get('PageSize') ?? DEFAULT_PAGE_SIZE);
  const page = Number(query.get('Page') ?? 0);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) return { error: apiError(400, 20001, `PageSize must be between 1 and ${MAX_PAGE_SIZE}`) };
  if (!Number.isInteger(page) || page < 0) return { error: apiError(400, 20001, 'Page must be a non-negative integer') };

  const applied = Object.entries(filters).filter(([name]) => query.has(name));
  const matching = records.filter((record) => applied.every(([name, value]) => (value(record) ?? null) === query.get(name))).reverse();
  const start = page * pageSize;
  const shown = matching.slice(start, start + pageSize);
  const uriOf = (pageNumber: number) => {
    const params = new URLSearchParams(applied.map(([name]): [string, string] => [name, query.get(name)!]));
    params.set('PageSize', String(pageSize));
    params.set('Page', String(pageNumber));
    return `/${API_VERSION}/Accounts/${accountSid}/${resource}.json?${params.toString()}`;
  };
  return {
    page: {
      [resource.toLowerCase()]: shown.map((record) => record.toJson()),
      start,
      end: start + Math.max(shown.length - 1, 0),
      page,
      page_size: pageSize,
      uri: uriOf(page),
      first_page_uri: uriOf(0),
      previous_page_uri: page > 0 ? uriOf(page - 1) : null,
      next_page_uri: start + pageSize < matching.length ? uriOf(page + 1) : null,
    },
  };
}
