// Deployments and stages. A deployment freezes the resource tree; the data plane serves each
// stage from its deployment's snapshot, so changes take effect only after CreateDeployment.
import { badRequest, conflict } from '../http/awsError';
import { newId } from '../state/ids';
import { nowSeconds, type StoredDeployment, type StoredMethodSetting, type StoredRestApi, type StoredStage } from '../state/model';
import { replaceWith, type GatewayStore } from '../state/store';
import {
  parseBooleanValue, parseIntegerValue, parseNumberValue, patchSegments, patchStringMap, requireValue, unsupportedPatch, type PatchOperation,
} from './patch';

const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;
const CACHE_SIZES = ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'];

export interface NewStageSettings {
  description?: string;
  cacheClusterEnabled?: boolean;
  cacheClusterSize?: string;
  variables?: Record<string, string>;
  tracingEnabled?: boolean;
}

export function createDeployment(api: StoredRestApi, description: string | undefined, stageName: string | undefined, stage: NewStageSettings): StoredDeployment {
  const methods = api.resources.flatMap((r) => Object.values(r.resourceMethods));
  if (methods.length === 0) throw badRequest("The REST API doesn't contain any methods");
  const missing = api.resources.flatMap((r) => Object.values(r.resourceMethods).filter((m) => !m.methodIntegration).map((m) => `${m.httpMethod} ${r.path}`));
  if (missing.length) throw badRequest(`No integration defined for method (${missing.join(', ')})`);
  if (stageName !== undefined) validateStageName(stageName);
  const deployment: StoredDeployment = {
    id: newId(6), description, createdDate: nowSeconds(), snapshot: structuredClone(api.resources),
    authorizers: structuredClone(api.authorizers ?? []), gatewayResponses: structuredClone(api.gatewayResponses ?? {}),
  };
  api.deployments.push(deployment);
  if (stageName !== undefined) {
    const existing = api.stages.find((s) => s.stageName === stageName);
    if (existing) {
      existing.deploymentId = deployment.id;
      existing.lastUpdatedDate = nowSeconds();
    } else {
      api.stages.push(newStage(stageName, deployment.id, stage));
    }
  }
  return deployment;
}

export function createStage(store: GatewayStore, api: StoredRestApi, stageName: string, deploymentId: string, settings: NewStageSettings): StoredStage {
  validateStageName(stageName);
  store.deployment(api, deploymentId);
  if (api.stages.some((s) => s.stageName === stageName)) throw conflict('Stage already exists');
  const stage = newStage(stageName, deploymentId, settings);
  api.stages.push(stage);
  return stage;
}

export function deleteStage(store: GatewayStore, api: StoredRestApi, stageName: string): void {
  const stage = store.stage(api, stageName);
  api.stages = api.stages.filter((s) => s !== stage);
}

function validateStageName(name: string): void {
  if (!STAGE_NAME.test(name)) throw badRequest('Stage name only allows a-zA-Z0-9_-');
}

function newStage(stageName: string, deploymentId: string, s: NewStageSettings): StoredStage {
  if (s.cacheClusterSize !== undefined && !CACHE_SIZES.includes(s.cacheClusterSize)) {
    throw badRequest(`Invalid cache cluster size specified: ${s.cacheClusterSize}. Valid values are ${CACHE_SIZES.join(', ')}`);
  }
  const now = nowSeconds();
  const cacheOn = s.cacheClusterEnabled ?? false;
  return {
    stageName,
    deploymentId,
    description: s.description,
    cacheClusterEnabled: cacheOn,
    cacheClusterSize: cacheOn ? (s.cacheClusterSize ?? '0.5') : s.cacheClusterSize,
    cacheClusterStatus: cacheOn ? 'AVAILABLE' : 'NOT_AVAILABLE',
    methodSettings: {},
    variables: s.variables,
    tracingEnabled: s.tracingEnabled ?? false,
    createdDate: now,
    lastUpdatedDate: now,
  };
}

function defaultMethodSetting(): StoredMethodSetting {
  return {
    metricsEnabled: false,
    loggingLevel: 'OFF',
    dataTraceEnabled: false,
    throttlingBurstLimit: 5000,
    throttlingRateLimit: 10000,
    cachingEnabled: false,
    cacheTtlInSeconds: 300,
    cacheDataEncrypted: false,
    requireAuthorizationForCacheControl: true,
    unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
  };
}

export function updateStage(store: GatewayStore, api: StoredRestApi, stage: StoredStage, ops: PatchOperation[]): StoredStage {
  const next = structuredClone(stage);
  for (const op of ops) applyStageOp(store, api, next, op);
  if (next.cacheClusterSize !== undefined && !CACHE_SIZES.includes(next.cacheClusterSize)) {
    throw badRequest(`Invalid cache cluster size specified: ${next.cacheClusterSize}. Valid values are ${CACHE_SIZES.join(', ')}`);
  }
  next.cacheClusterStatus = next.cacheClusterEnabled ? 'AVAILABLE' : 'NOT_AVAILABLE';
  if (next.cacheClusterEnabled && next.cacheClusterSize === undefined) next.cacheClusterSize = '0.5';
  next.lastUpdatedDate = nowSeconds();
  replaceWith(stage, next);
  return stage;
}

function applyStageOp(store: GatewayStore, api: StoredRestApi, s: StoredStage, op: PatchOperation): void {
  const raw = op.path.slice(1).split('/');
  const segments = patchSegments(op.path);
  const replaceOnly = () => { if (op.op !== 'replace') throw unsupportedPatch(op); };
  switch (segments[0]) {
    case 'description': replaceOnly(); s.description = requireValue(op); return;
    case 'deploymentId': replaceOnly(); s.deploymentId = store.deployment(api, requireValue(op)).id; return;
    case 'cacheClusterEnabled': replaceOnly(); s.cacheClusterEnabled = parseBooleanValue(op); return;
    case 'cacheClusterSize': replaceOnly(); s.cacheClusterSize = requireValue(op); return;
    case 'tracingEnabled': replaceOnly(); s.tracingEnabled = parseBooleanValue(op); return;
    case 'variables': if (segments.length !== 2) throw unsupportedPatch(op); s.variables = patchStringMap(s.variables, segments[1]!, op); return;
    case 'accessLogSettings': applyAccessLogOp(s, segments[1], op); return;
  }
  // Method settings: /{resourcePath with ~1}/{VERB}/{group}/{setting}, or /*/*/{group}/{setting}.
  if (raw.length === 4) {
    const key = `${raw[0]}/${raw[1]}`;
    replaceOnly();
    const setting = s.methodSettings[key] ?? defaultMethodSetting();
    applyMethodSetting(setting, `${raw[2]}/${raw[3]}`, op);
    s.methodSettings[key] = setting;
    return;
  }
  throw unsupportedPatch(op);
}

/** /accessLogSettings/format and /destinationArn (replace), or remove /accessLogSettings. */
function applyAccessLogOp(s: StoredStage, field: string | undefined, op: PatchOperation): void {
  if (field === undefined && op.op === 'remove') { delete s.accessLogSettings; return; }
  if ((field !== 'format' && field !== 'destinationArn') || (op.op !== 'replace' && op.op !== 'remove')) throw unsupportedPatch(op);
  const next = { ...(s.accessLogSettings ?? {}) };
  if (op.op === 'remove') delete next[field];
  else {
    const value = requireValue(op);
    if (field === 'format' && !value.includes('$context.requestId') && !value.includes('$context.extendedRequestId')) {
      throw badRequest('Access Log format must contain $context.requestId or $context.extendedRequestId');
    }
    next[field] = value;
  }
  s.accessLogSettings = Object.keys(next).length ? next : undefined;
}

function applyMethodSetting(m: StoredMethodSetting, name: string, op: PatchOperation): void {
  switch (name) {
    case 'caching/enabled': m.cachingEnabled = parseBooleanValue(op); return;
    case 'caching/ttlInSeconds': m.cacheTtlInSeconds = parseIntegerValue(op, 'cache TTL'); return;
    case 'caching/dataEncrypted': m.cacheDataEncrypted = parseBooleanValue(op); return;
    case 'caching/requireAuthorizationForCacheControl': m.requireAuthorizationForCacheControl = parseBooleanValue(op); return;
    case 'caching/unauthorizedCacheControlHeaderStrategy': m.unauthorizedCacheControlHeaderStrategy = requireValue(op); return;
    case 'metrics/enabled': m.metricsEnabled = parseBooleanValue(op); return;
    case 'logging/loglevel': m.loggingLevel = requireValue(op).toUpperCase(); return;
    case 'logging/dataTrace': m.dataTraceEnabled = parseBooleanValue(op); return;
    case 'throttling/burstLimit': m.throttlingBurstLimit = parseIntegerValue(op, 'burst limit'); return;
    case 'throttling/rateLimit': m.throttlingRateLimit = parseNumberValue(op, 'rate limit'); return;
    default: throw unsupportedPatch(op);
  }
}
