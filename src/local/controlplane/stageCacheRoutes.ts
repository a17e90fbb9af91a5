// FlushStageCache and FlushStageAuthorizersCache. The local gateway has no response cache (STREAM
// cannot use one, and BUFFERED caching is not emulated), so flushing the data cache only checks
// the stage; the authorizer cache is real and is emptied for the stage.
import { accepted, type RouteRegistrar } from './routing';

export function registerStageCacheRoutes(route: RouteRegistrar): void {
  route('DELETE', '/restapis/{api}/stages/{stage}/cache/data', ({ params, ctx }) => {
    ctx.store.stage(ctx.store.api(params.api!), params.stage!);
    return accepted();
  });
  route('DELETE', '/restapis/{api}/stages/{stage}/cache/authorizers', ({ params, ctx }) => {
    ctx.store.stage(ctx.store.api(params.api!), params.stage!);
    ctx.authorizerCache?.flush(`${params.api}/${params.stage}/`);
    return accepted();
  });
}
