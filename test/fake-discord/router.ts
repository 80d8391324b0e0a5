/**
 * A small method + path router. Templates read like Discord's docs
 * (`PATCH /channels/:channelId/messages/:messageId`); the template string is also the route's
 * name in the request log and in rate-limit rules.
 */

/** Who may call a route. */
export type RouteAuth = 'bot' | 'none';

/** One registered route. */
export interface Route<Handler> {
  method: string;
  /** `METHOD /path/:param`, e.g. `POST /channels/:channelId/messages`. */
  template: string;
  auth: RouteAuth;
  handler: Handler;
  segments: string[];
}

/** A found route and its decoded path parameters. */
export interface RouteMatch<Handler> {
  route: Route<Handler>;
  params: Record<string, string>;
}

export class Router<Handler> {
  readonly #routes: Route<Handler>[] = [];

  /** Adds a route; earlier routes win, so register literal paths (`/users/@me`) first. */
  add(template: string, auth: RouteAuth, handler: Handler): void {
    const [method, path] = template.split(' ');
    if (!method || !path) throw new Error(`bad route template: ${template}`);
    this.#routes.push({ method, template, auth, handler, segments: splitPath(path) });
  }

  /**
   * Finds the route of a request. `methodAllowed` is false when the path exists under another
   * method (Discord answers 405 then).
   */
  match(method: string, path: string): { found: RouteMatch<Handler> | null; pathExists: boolean } {
    const segments = splitPath(path);
    let pathExists = false;
    for (const route of this.#routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      pathExists = true;
      if (route.method === method) return { found: { route, params }, pathExists };
    }
    return { found: null, pathExists };
  }
}

/** Path segments, percent-decoded (discord.js may send `@original` as `%40original`). */
export function splitPath(path: string): string[] {
  return path
    .split('/')
    .filter((segment) => segment.length > 0)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
}

function matchSegments(template: string[], actual: string[]): Record<string, string> | null {
  if (template.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (const [index, expected] of template.entries()) {
    const value = actual[index] ?? '';
    if (expected.startsWith(':')) params[expected.slice(1)] = value;
    else if (expected !== value) return null;
  }
  return params;
}
