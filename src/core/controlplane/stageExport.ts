// What a stage serves, read from its deployment: GetExport (OpenAPI 3 with the
// x-amazon-apigateway-integration extensions) describes the deployment a stage points at, not
// the API's current configuration, so it answers "which transfer mode does dev serve?" exactly.
import type { TransferMode } from '../../shared/model';

/** OpenAPI spells ANY as an extension key instead of an operation. */
function operationKey(httpMethod: string): string {
  return httpMethod.toUpperCase() === 'ANY' ? 'x-amazon-apigateway-any-method' : httpMethod.toLowerCase();
}

/**
 * The transfer mode of `httpMethod path` in an exported OpenAPI document; null when the
 * deployment has no such method or integration (then the stage does not serve it at all).
 */
export function transferModeFromExport(doc: unknown, path: string, httpMethod: string): TransferMode | null {
  if (!doc || typeof doc !== 'object') return null;
  const paths = (doc as { paths?: unknown }).paths;
  if (!paths || typeof paths !== 'object') return null;
  const item = (paths as Record<string, unknown>)[path];
  if (!item || typeof item !== 'object') return null;
  const op = (item as Record<string, unknown>)[operationKey(httpMethod)];
  if (!op || typeof op !== 'object') return null;
  const integration = (op as Record<string, unknown>)['x-amazon-apigateway-integration'];
  if (!integration || typeof integration !== 'object') return null;
  // A missing field means BUFFERED, as on the Integration itself.
  return (integration as { responseTransferMode?: unknown }).responseTransferMode === 'STREAM' ? 'STREAM' : 'BUFFERED';
}
