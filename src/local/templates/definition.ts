// Helpers for the OpenAPI documents the translators build or read: an empty skeleton, the
// API-level extensions (binary media types, compression), and the method origins found in a
// document's x-amazon-apigateway-integration objects.
import type { MethodOrigin } from './types';

export type Definition = Record<string, unknown>;

export const ANY_METHOD_KEY = 'x-amazon-apigateway-any-method';
const VERB_KEYS = ['get', 'post', 'put', 'delete', 'patch', 'head', 'options', ANY_METHOD_KEY];

/** SAM's skeleton is Swagger 2.0 (OpenAPI 3 when OpenApiVersion is set). */
export function skeleton(title: string, openApiVersion?: string): Definition {
  const head = openApiVersion && openApiVersion.startsWith('3') ? { openapi: openApiVersion } : { swagger: '2.0' };
  return { ...head, info: { version: '1.0', title }, paths: {} };
}

export function verbKey(httpMethod: string): string {
  const m = httpMethod.toLowerCase();
  return m === 'any' ? ANY_METHOD_KEY : m;
}

export function verbOfKey(key: string): string | undefined {
  const k = key.toLowerCase();
  if (!VERB_KEYS.includes(k)) return undefined;
  return k === ANY_METHOD_KEY ? 'ANY' : k.toUpperCase();
}

export function paths(doc: Definition): Record<string, Record<string, unknown>> {
  if (!doc.paths || typeof doc.paths !== 'object') doc.paths = {};
  return doc.paths as Record<string, Record<string, unknown>>;
}

/** API-level settings as the OpenAPI extensions ImportRestApi reads. */
export function setApiExtensions(doc: Definition, s: { title?: string; binaryMediaTypes?: string[]; minimumCompressionSize?: number }): void {
  if (s.title) doc.info = { ...(doc.info && typeof doc.info === 'object' ? doc.info : { version: '1.0' }), title: s.title };
  if (s.binaryMediaTypes) doc['x-amazon-apigateway-binary-media-types'] = s.binaryMediaTypes;
  if (s.minimumCompressionSize !== undefined) doc['x-amazon-apigateway-minimum-compression-size'] = s.minimumCompressionSize;
}

/** One origin per operation that has an x-amazon-apigateway-integration. */
export function originsInDefinition(doc: Definition, file: string, base: Array<string | number>, declaredBy: string): MethodOrigin[] {
  const out: MethodOrigin[] = [];
  for (const [path, item] of Object.entries(paths(doc))) {
    if (!item || typeof item !== 'object') continue;
    for (const [key, op] of Object.entries(item)) {
      const verb = verbOfKey(key);
      if (!verb || !op || typeof op !== 'object' || !('x-amazon-apigateway-integration' in op)) continue;
      out.push({ path, httpMethod: verb, kind: 'openapi', file, location: [...base, 'paths', path, key, 'x-amazon-apigateway-integration'], declaredBy });
    }
  }
  return out;
}

/** The name a definition gives its API (info.title). */
export function titleOf(doc: Definition): string | undefined {
  const info = doc.info as Record<string, unknown> | undefined;
  return typeof info?.title === 'string' && info.title ? info.title : undefined;
}
