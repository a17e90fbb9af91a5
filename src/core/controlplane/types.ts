// Plain data the control-plane service hands to its callers (tree, CLI, doctor, snippets).
// Shaped for a lazy tree: every list comes as a page with the cursor for "Load more".
import type { EndpointType, IntegrationSettings, TransferMode } from '../../shared/model';

export interface Page<T> {
  items: T[];
  /** Cursor for the next page; undefined when this was the last page. */
  nextPosition?: string;
}

export interface RestApiSummary {
  id: string;
  name: string;
  description?: string;
  endpointType: EndpointType;
  /** Set when the API compresses responses (content encoding conflicts with STREAM). */
  minimumCompressionSize?: number;
  disableExecuteApiEndpoint: boolean;
  createdDate?: string;
  /** True when the API has a resource policy (a PRIVATE API needs one to be invoked or deployed). */
  hasResourcePolicy?: boolean;
}

/** A VPC link (GetVpcLinks), for private integrations' name and status. */
export interface VpcLinkSummary {
  id: string;
  name: string;
  /** V1: API Gateway's own (an NLB in targetArns); V2: apigatewayv2's (with an integrationTarget). */
  version: 'V1' | 'V2';
  /** PENDING | AVAILABLE | DELETING | FAILED (V2 also INACTIVE) */
  status: string;
  statusMessage?: string;
  targetArns: string[];
}

export interface MethodInfo {
  httpMethod: string;
  authorizationType?: string;
  apiKeyRequired?: boolean;
  /** null when the method has no integration yet. */
  integration: IntegrationSettings | null;
}

export interface ResourceInfo {
  id: string;
  parentId?: string;
  path: string;
  pathPart?: string;
  /** Keyed by HTTP method (GET, POST, ANY, …). */
  methods: Record<string, MethodInfo>;
}

export interface ResourceTreeNode {
  resource: ResourceInfo;
  children: ResourceTreeNode[];
}

export interface IntegrationRef {
  apiId: string;
  resourceId: string;
  httpMethod: string;
}

export interface PatchOperation {
  op: 'replace';
  path: '/responseTransferMode' | '/timeoutInMillis' | '/uri';
  value: string;
}

export interface ChangeResult {
  ref: IntegrationRef;
  /** The integration as it was before the change; pass it to `undo` to restore it exactly. */
  before: IntegrationSettings;
  /** The integration as the service returned it after the change. */
  after: IntegrationSettings;
  /** The patch operations sent (empty when the change asked for the current values). */
  ops: PatchOperation[];
}

/** One method's stage-level cache setting; path '*' and httpMethod '*' mean "all". */
export interface MethodCachingSetting {
  path: string;
  httpMethod: string;
}

export interface StageSummary {
  name: string;
  description?: string;
  deploymentId?: string;
  /** ISO date of the deployment the stage points at (from GetDeployment). */
  lastDeployedAt?: string;
  lastUpdatedAt?: string;
  cacheClusterEnabled: boolean;
  /** Method settings with caching enabled. */
  methodCaching: MethodCachingSetting[];
  /** Stage variables (e.g. vpcLinkId for a private integration's ${stageVariables.vpcLinkId}). */
  variables?: Record<string, string>;
}

export interface DeployResult {
  deploymentId: string;
}

export type { TransferMode };
