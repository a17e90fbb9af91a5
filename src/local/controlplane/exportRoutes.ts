// GetExport: GET /restapis/{id}/stages/{stage}/exports/{oas30|swagger}, JSON or YAML by the
// Accept header (application/json default, application/yaml), extensions by query parameter.
import { stringify as toYaml } from 'yaml';
import { badRequest } from '../http/awsError';
import { exportStage } from './openApiExport';
import { ok, type RouteRegistrar } from './routing';

const EXTENSIONS = ['integrations', 'authorizers', 'apigateway', 'postman'];

export function registerExportRoutes(route: RouteRegistrar): void {
  route('GET', '/restapis/{api}/stages/{stage}/exports/{type}', ({ params, query, headers, ctx }) => {
    const api = ctx.store.api(params.api!);
    const stage = ctx.store.stage(api, params.stage!);
    const type = params.type!;
    if (type !== 'oas30' && type !== 'swagger') throw badRequest(`Invalid export type specified: ${type}. Valid values are oas30, swagger`);
    const requested = (query.get('extensions') ?? '').split(',').map((e) => e.trim()).filter(Boolean);
    const unknown = requested.find((e) => !EXTENSIONS.includes(e));
    if (unknown) throw badRequest(`Invalid extensions specified: ${unknown}. Valid values are ${EXTENSIONS.join(', ')}`);
    const all = requested.includes('apigateway');
    const deployment = ctx.store.deployment(api, stage.deploymentId);
    const doc = exportStage(api, stage, deployment, { type, integrations: all || requested.includes('integrations'), authorizers: all || requested.includes('authorizers') });
    const accept = String(headers.accept ?? 'application/json').toLowerCase();
    const yaml = accept.includes('yaml');
    if (!yaml && !accept.includes('json') && !accept.includes('*/*')) throw badRequest(`Invalid Accept header ${accept}: use application/json or application/yaml`);
    const stamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    return {
      ...ok(undefined),
      raw: {
        contentType: yaml ? 'application/yaml' : 'application/json',
        body: yaml ? toYaml(doc) : JSON.stringify(doc, null, 2),
        headers: { 'Content-Disposition': `attachment; filename="${type}_${stamp}.${yaml ? 'yaml' : 'json'}"` },
      },
    };
  });
}
