// JSON-patch style `patchOperations` as AWS's Update* operations take them: every value is a
// string, paths use "~1" for "/" inside keys. Callers apply ops to a copy, then validate the
// result, then commit — so a list of ops is applied all or nothing.
import { badRequest } from '../http/awsError';

export interface PatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: string;
  from?: string;
}

const OPS = ['add', 'remove', 'replace', 'move', 'copy', 'test'];

/** Operations one Update* request may carry (stated in docs/aws-behaviour.md). */
export const MAX_PATCH_OPERATIONS = 1000;

export function parsePatchOperations(raw: unknown): PatchOperation[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw badRequest("1 validation error detected: Value at 'patchOperations' failed to satisfy constraint: Member must be a list");
  if (raw.length > MAX_PATCH_OPERATIONS) {
    throw badRequest(`1 validation error detected: Value at 'patchOperations' failed to satisfy constraint: Member must have length less than or equal to ${MAX_PATCH_OPERATIONS} (got ${raw.length})`);
  }
  return raw.map((item, i) => {
    if (!item || typeof item !== 'object') throw badRequest(`Invalid patch operation at index ${i}: expected an object`);
    const o = item as Record<string, unknown>;
    if (typeof o.op !== 'string' || !OPS.includes(o.op)) {
      throw badRequest(`Invalid patch operation specified. Must be one of: [${OPS.join(', ')}]`);
    }
    if (typeof o.path !== 'string' || !o.path.startsWith('/')) throw badRequest(`Invalid patch path ${String(o.path)}`);
    if (o.value !== undefined && o.value !== null && typeof o.value !== 'string') {
      throw badRequest(`Invalid patch value for path ${o.path}: patch values are strings (e.g. "${String(o.value)}")`);
    }
    return { op: o.op as PatchOperation['op'], path: o.path, value: (o.value ?? undefined) as string | undefined, from: typeof o.from === 'string' ? o.from : undefined };
  });
}

/** Splits "/requestTemplates/application~1json" into ["requestTemplates", "application/json"]. */
export function patchSegments(path: string): string[] {
  return path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function requireValue(op: PatchOperation): string {
  if (op.value === undefined) throw badRequest(`Invalid patch operation: ${op.op} ${op.path} needs a value`);
  return op.value;
}

export function unsupportedPatch(op: PatchOperation): Error {
  return badRequest(`Invalid patch path ${op.path} for operation ${op.op}`);
}

export function parseBooleanValue(op: PatchOperation): boolean {
  const v = requireValue(op).toLowerCase();
  if (v !== 'true' && v !== 'false') throw badRequest(`Invalid boolean value "${op.value}" for ${op.path}: use "true" or "false"`);
  return v === 'true';
}

export function parseIntegerValue(op: PatchOperation, what: string): number {
  const v = requireValue(op);
  if (!/^-?\d+$/.test(v.trim())) throw badRequest(`Invalid ${what} specified: "${v}" is not a whole number`);
  return Number(v);
}

export function parseNumberValue(op: PatchOperation, what: string): number {
  const v = Number(requireValue(op));
  if (!Number.isFinite(v)) throw badRequest(`Invalid ${what} specified: "${op.value}" is not a number`);
  return v;
}

/**
 * add/replace/remove on a string map field such as requestParameters, in place: callers patch a
 * copy, so copying the map for every operation (quadratic for long patch lists) is not needed.
 * Call `emptyToUndefined` once at the end.
 */
export function patchStringMap(map: Record<string, string> | undefined, key: string, op: PatchOperation): Record<string, string> {
  const next = map ?? {};
  if (op.op === 'remove') {
    if (!Object.hasOwn(next, key)) throw badRequest(`Invalid patch path ${op.path}: nothing to remove`);
    delete next[key];
  } else if (op.op === 'add' || op.op === 'replace') {
    next[key] = requireValue(op);
  } else {
    throw unsupportedPatch(op);
  }
  return next;
}

/** An emptied map is stored as absent, as AWS answers it. O(1). */
export function emptyToUndefined<T extends object>(map: T | undefined): T | undefined {
  if (map === undefined) return undefined;
  for (const key in map) if (Object.hasOwn(map, key)) return map;
  return undefined;
}
