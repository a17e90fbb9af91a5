// The local gateway's stored state. Field names follow the AWS API Gateway REST API shapes so
// the control plane can answer with them almost unchanged. Plain JSON data: it is persisted.
import type { IntegrationType, TransferMode } from '../../shared/model';

export interface StoredIntegration {
  type: IntegrationType;
  httpMethod?: string;
  uri?: string;
  connectionType: 'INTERNET' | 'VPC_LINK';
  connectionId?: string;
  credentials?: string;
  requestParameters?: Record<string, string>;
  requestTemplates?: Record<string, string>;
  passthroughBehavior?: string;
  contentHandling?: string;
  timeoutInMillis: number;
  cacheNamespace?: string;
  cacheKeyParameters: string[];
  responseTransferMode: TransferMode;
  tlsConfig?: { insecureSkipVerification: boolean };
  /** VPC links V2 only: the ALB or NLB (listener) ARN a private integration sends to. */
  integrationTarget?: string;
  integrationResponses?: Record<string, StoredIntegrationResponse>;
}

export interface StoredIntegrationResponse {
  statusCode: string;
  selectionPattern?: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string>;
  contentHandling?: string;
}

export interface StoredMethod {
  httpMethod: string;
  authorizationType: string;
  authorizerId?: string;
  apiKeyRequired: boolean;
  operationName?: string;
  requestParameters?: Record<string, boolean>;
  requestModels?: Record<string, string>;
  requestValidatorId?: string;
  authorizationScopes?: string[];
  methodResponses?: Record<string, { statusCode: string; responseParameters?: Record<string, boolean>; responseModels?: Record<string, string> }>;
  methodIntegration?: StoredIntegration;
}

export interface StoredResource {
  id: string;
  parentId?: string;
  pathPart?: string;
  path: string;
  resourceMethods: Record<string, StoredMethod>;
}

export interface StoredGatewayResponse {
  responseType: string;
  statusCode?: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string>;
}

export interface StoredAuthorizer {
  id: string;
  name: string;
  type: 'TOKEN' | 'REQUEST' | 'COGNITO_USER_POOLS';
  providerARNs?: string[];
  authType?: string;
  authorizerUri?: string;
  authorizerCredentials?: string;
  identitySource?: string;
  identityValidationExpression?: string;
  authorizerResultTtlInSeconds: number;
}

export interface StoredApiKey {
  id: string;
  value: string;
  name?: string;
  description?: string;
  enabled: boolean;
  customerId?: string;
  createdDate: number;
  lastUpdatedDate: number;
  stageKeys: string[];
  tags?: Record<string, string>;
}

export interface StoredUsagePlan {
  id: string;
  name: string;
  description?: string;
  apiStages: Array<{ apiId: string; stage: string; throttle?: Record<string, { burstLimit?: number; rateLimit?: number }> }>;
  throttle?: { burstLimit?: number; rateLimit?: number };
  quota?: { limit?: number; offset?: number; period?: string };
  productCode?: string;
  tags?: Record<string, string>;
  /** API key ids in this plan (usage plan keys; keyType is always API_KEY). */
  keyIds: string[];
}

export interface StoredDeployment {
  id: string;
  description?: string;
  /** Authorizers and gateway responses as deployed (they take effect after deployment too). */
  authorizers?: StoredAuthorizer[];
  gatewayResponses?: Record<string, StoredGatewayResponse>;
  /** Epoch seconds, as the AWS JSON protocol sends timestamps. */
  createdDate: number;
  /** The resource tree frozen at deploy time: what the data plane serves for stages on this deployment. */
  snapshot: StoredResource[];
  /** The API's resource policy at deploy time: like AWS, a policy change takes effect on redeploy. */
  policy?: string;
}

export interface StoredMethodSetting {
  metricsEnabled: boolean;
  loggingLevel: string;
  dataTraceEnabled: boolean;
  throttlingBurstLimit: number;
  throttlingRateLimit: number;
  cachingEnabled: boolean;
  cacheTtlInSeconds: number;
  cacheDataEncrypted: boolean;
  requireAuthorizationForCacheControl: boolean;
  unauthorizedCacheControlHeaderStrategy: string;
}

export interface StoredStage {
  stageName: string;
  deploymentId: string;
  description?: string;
  cacheClusterEnabled: boolean;
  cacheClusterSize?: string;
  cacheClusterStatus: string;
  methodSettings: Record<string, StoredMethodSetting>;
  variables?: Record<string, string>;
  tracingEnabled: boolean;
  accessLogSettings?: { format?: string; destinationArn?: string };
  tags?: Record<string, string>;
  createdDate: number;
  lastUpdatedDate: number;
}

export interface StoredRestApi {
  id: string;
  name: string;
  description?: string;
  version?: string;
  createdDate: number;
  binaryMediaTypes?: string[];
  apiKeySource: string;
  endpointConfiguration: { types: string[]; vpcEndpointIds?: string[] };
  /** The resource policy, a JSON document as a string (AWS's shape). */
  policy?: string;
  disableExecuteApiEndpoint: boolean;
  /** Bytes; undefined = compression off. */
  minimumCompressionSize?: number;
  rootResourceId: string;
  tags?: Record<string, string>;
  /** Resources in creation order (AWS pages them in a stable order too). */
  resources: StoredResource[];
  deployments: StoredDeployment[];
  stages: StoredStage[];
  /** Older state files have none; code reads them with `?? []` / `?? {}`. */
  authorizers?: StoredAuthorizer[];
  gatewayResponses?: Record<string, StoredGatewayResponse>;
}

export type VpcLinkStatus = 'PENDING' | 'AVAILABLE' | 'DELETING' | 'FAILED' | 'INACTIVE';

/**
 * A VPC link. V1 (API Gateway's own /vpclinks, an NLB in targetArns) or V2 (apigatewayv2's
 * /v2/vpclinks, subnets + security groups; REST APIs reach ALBs/NLBs through it with
 * integrationTarget). One list: REST integrations name either kind by id in connectionId.
 */
export interface StoredVpcLink {
  id: string;
  version: 'V1' | 'V2';
  name: string;
  description?: string;
  targetArns?: string[];
  subnetIds?: string[];
  securityGroupIds?: string[];
  status: VpcLinkStatus;
  statusMessage?: string;
  tags?: Record<string, string>;
  /** Epoch ms; PENDING turns AVAILABLE a provisioning delay after this (AWS takes minutes). */
  createdAtMs: number;
}

export interface GatewayState {
  version: 1;
  restApis: StoredRestApi[];
  apiKeys?: StoredApiKey[];
  usagePlans?: StoredUsagePlan[];
  /** UpdateAccount's cloudwatchRoleArn. */
  account?: { cloudwatchRoleArn?: string };
  /** Absent in state files written before VPC links existed. */
  vpcLinks?: StoredVpcLink[];
}

export function emptyState(): GatewayState {
  return { version: 1, restApis: [], apiKeys: [], usagePlans: [], vpcLinks: [] };
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
