// Type checks for control-plane JSON input. Wrong types answer BadRequestException naming the
// field, the way AWS's validation messages do, instead of failing somewhere deeper.
import { badRequest } from '../http/awsError';

export type JsonObject = Record<string, unknown>;

/** No AWS API Gateway input nests deeper than a few levels; OpenAPI documents go deeper. */
export const MAX_JSON_DEPTH = 32;
export const MAX_DOCUMENT_DEPTH = 64;

/**
 * Refuses values nested deeper than `max` (checked without recursion). Deep values used to reach
 * the state writer, whose JSON.stringify overflowed the stack on every later change.
 */
export function checkDepth(value: unknown, max: number, what: string): void {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > max) throw badRequest(`${what} is nested more than ${max} levels deep`);
    for (const child of Object.values(v)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
}

export function parseJsonObject(body: Buffer): JsonObject {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw badRequest(`Could not parse request body into json: ${(err as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest('Could not parse request body into json: expected a JSON object');
  }
  checkDepth(value, MAX_JSON_DEPTH, 'The request body');
  return value as JsonObject;
}

function typeError(field: string, expected: string, value: unknown): Error {
  const shown = JSON.stringify(value);
  return badRequest(`1 validation error detected: Value ${shown && shown.length > 60 ? shown.slice(0, 60) + '…' : shown} at '${field}' failed to satisfy constraint: Member must be ${expected}`);
}

export function optString(o: JsonObject, field: string): string | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw typeError(field, 'a string', v);
  return v;
}

export function reqString(o: JsonObject, field: string): string {
  const v = optString(o, field);
  if (v === undefined || v === '') throw badRequest(`1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  return v;
}

export function optBoolean(o: JsonObject, field: string): boolean | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw typeError(field, 'a boolean', v);
  return v;
}

export function optInteger(o: JsonObject, field: string): number | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw typeError(field, 'an integer', v);
  return v;
}

export function optStringMap(o: JsonObject, field: string): Record<string, string> | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) {
    throw typeError(field, 'a map of strings', v);
  }
  return { ...(v as Record<string, string>) };
}

/** A string map inside an OpenAPI document (import): same check, message naming the place. */
export function docStringMap(o: Record<string, unknown>, field: string, where: string): Record<string, string> | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) {
    throw new Error(`${where}.${field} must be a map of strings`);
  }
  return { ...(v as Record<string, string>) };
}

export function optBooleanMap(o: JsonObject, field: string): Record<string, boolean> | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'boolean')) {
    throw typeError(field, 'a map of booleans', v);
  }
  return { ...(v as Record<string, boolean>) };
}

export function optStringList(o: JsonObject, field: string): string[] | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw typeError(field, 'a list of strings', v);
  return [...(v as string[])];
}

/** Parses the `limit` query parameter of paged operations (AWS: default 25, max 500). */
export function pageLimit(raw: string | null): number {
  if (raw === null || raw === '') return 25;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw badRequest(`1 validation error detected: Value '${raw}' at 'limit' failed to satisfy constraint: Member must be an integer`);
  if (n > 500) throw badRequest(`1 validation error detected: Value '${raw}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 500`);
  if (n < 1) throw badRequest(`1 validation error detected: Value '${raw}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1`);
  return n;
}

/**
 * One page of `items`. The position token is opaque to callers (like AWS's); here it encodes
 * the id of the first item of the next page, so deletions between calls don't skip items.
 */
export function page<T extends { id: string }>(items: T[], limit: number, position: string | null): { items: T[]; position?: string } {
  let start = 0;
  if (position) {
    let id: string;
    try {
      id = Buffer.from(position, 'base64url').toString('utf8');
    } catch {
      throw badRequest('Invalid position parameter');
    }
    start = items.findIndex((x) => x.id === id);
    if (start < 0) throw badRequest('Invalid position parameter');
  }
  const slice = items.slice(start, start + limit);
  const next = items[start + limit];
  return next ? { items: slice, position: Buffer.from(next.id, 'utf8').toString('base64url') } : { items: slice };
}
