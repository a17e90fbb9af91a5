// Public surface of the control-plane core (the tree, the CLI and the benchmarks import this).
export * from './types';
export { ControlPlaneService, MAX_PAGE_SIZE, type ChangeOptions, type ControlPlaneOptions, type PageOptions } from './service';
export { createApiGatewayClient, resolveCredentials, LOCAL_DUMMY_CREDENTIALS, DEFAULT_MAX_ATTEMPTS, type ConnectionConfig } from './client';
export { buildIntegrationPatch, buildUndoPatch, applyPatch, precheckChange, type PatchPlan } from './patch';
export { buildResourceTree, comparePaths } from './tree';
export { invokeUrl, isLocalEndpoint } from './invokeUrl';
export { describeAwsError, IntegrationValidationError, type AwsErrorDescription, type AwsErrorKind } from './errors';
export { toIntegrationSettings, parseMethodSettingKey } from './mapping';
export { measureListingCost, type ListingCost } from './listingCost';
export { UndeployedChanges } from './undeployed';
