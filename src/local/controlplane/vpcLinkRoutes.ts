// VPC link operations: V1 (API Gateway's /vpclinks) and V2 (apigatewayv2's /v2/vpclinks, used by
// REST API private integrations with an integrationTarget). The logic lives in vpcLinkOps.ts.
import { parsePatchOperations } from './patch';
import { page, pageLimit, reqString } from './input';
import { created, ok, type RouteRegistrar } from './routing';
import {
  createVpcLinkV1, createVpcLinkV2, deleteVpcLink, requireVpcLink, updateVpcLinkV1, vpcLinksOf, vpcLinkV1Shape, vpcLinkV2Shape,
} from './vpcLinkOps';

export function registerVpcLinkRoutes(route: RouteRegistrar): void {
  route('POST', '/vpclinks', ({ json, ctx }) => ({ status: 202, body: vpcLinkV1Shape(createVpcLinkV1(ctx.store, json())) }));
  route('GET', '/vpclinks', ({ query, ctx }) => {
    const p = page(vpcLinksOf(ctx.store.state).filter((l) => l.version === 'V1'), pageLimit(query.get('limit')), query.get('position'));
    return ok({ item: p.items.map(vpcLinkV1Shape), position: p.position });
  });
  route('GET', '/vpclinks/{link}', ({ params, ctx }) => ok(vpcLinkV1Shape(requireVpcLink(ctx.store.state, params.link!, 'V1'))));
  route('PATCH', '/vpclinks/{link}', ({ params, json, ctx }) =>
    ok(vpcLinkV1Shape(updateVpcLinkV1(requireVpcLink(ctx.store.state, params.link!, 'V1'), parsePatchOperations(json().patchOperations)))));
  route('DELETE', '/vpclinks/{link}', ({ params, ctx }) => { deleteVpcLink(ctx.store, requireVpcLink(ctx.store.state, params.link!, 'V1')); return { status: 202 }; });
  route('POST', '/v2/vpclinks', ({ json, ctx }) => created(vpcLinkV2Shape(createVpcLinkV2(ctx.store, json()))));
  route('GET', '/v2/vpclinks', ({ ctx }) => ok({ items: vpcLinksOf(ctx.store.state).filter((l) => l.version === 'V2').map(vpcLinkV2Shape) }));
  route('GET', '/v2/vpclinks/{link}', ({ params, ctx }) => ok(vpcLinkV2Shape(requireVpcLink(ctx.store.state, params.link!, 'V2'))));
  route('PATCH', '/v2/vpclinks/{link}', ({ params, json, ctx }) => {
    const link = requireVpcLink(ctx.store.state, params.link!, 'V2');
    link.name = reqString(json(), 'name');
    return ok(vpcLinkV2Shape(link));
  });
  route('DELETE', '/v2/vpclinks/{link}', ({ params, ctx }) => { deleteVpcLink(ctx.store, requireVpcLink(ctx.store.state, params.link!, 'V2')); return { status: 202, body: {} }; });
}
