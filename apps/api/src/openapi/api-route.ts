import { z } from 'zod';

export type HttpMethod = 'get' | 'post' | 'patch' | 'put' | 'delete';

/**
 * One REST route as the OpenAPI document shows it, described with the very
 * zod schemas its controller validates with. Register each route next to its
 * controller with `documentRoute({...})`.
 */
export interface ApiRoute {
  method: HttpMethod;
  /** Express style, as in the controller: `/v1/calls/:callSid`. */
  path: string;
  /** The feature it belongs to (`calls`, `customers`…): one tag per module. */
  tag: string;
  summary: string;
  description?: string;
  params?: Record<string, z.ZodType>;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The 2xx response's body, where a schema describes it. */
  response?: z.ZodType;
  /** `text/csv` and the like; JSON by default. */
  responseMediaTypes?: string[];
  /** Takes an `Idempotency-Key` header (the route has `@Idempotent()`). */
  idempotent?: boolean;
}

const routes: ApiRoute[] = [];

/** Adds a route to the OpenAPI document; called once per route, at import, beside its controller. */
export function documentRoute(route: ApiRoute): void {
  if (routes.some((known) => known.method === route.method && known.path === route.path)) {
    throw new Error(`OpenAPI: ${route.method.toUpperCase()} ${route.path} is documented twice`);
  }
  routes.push(route);
}

export function documentedRoutes(): readonly ApiRoute[] {
  return routes;
}
