import { Router } from '../router.ts';
import { registerChannelRoutes } from './channel-routes.ts';
import { registerInteractionRoutes } from './interaction-routes.ts';
import { registerMessageRoutes } from './message-routes.ts';
import { registerMiscRoutes } from './misc-routes.ts';
import type { FakeRouter, FakeServices, RouteHandler } from './route-kit.ts';

/** Every REST route the fake serves. */
export function buildRouter(services: FakeServices): FakeRouter {
  const router = new Router<RouteHandler>();
  registerMiscRoutes(router, services);
  registerInteractionRoutes(router, services);
  registerMessageRoutes(router, services);
  registerChannelRoutes(router, services);
  return router;
}
