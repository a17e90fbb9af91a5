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
  endpointConfiguration: { types: string[] };
  disableExecuteApiEndpoint: boolean;
  /** Bytes; undefined = compression off. */
  minimumCompressionSize?: number;
  policy?: string;
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

export interface GatewayState {
  version: 1;
  restApis: StoredRestApi[];
  apiKeys?: StoredApiKey[];
  usagePlans?: StoredUsagePlan[];
  /** UpdateAccount's cloudwatchRoleArn. */
  account?: { cloudwatchRoleArn?: string };
}

export function emptyState(): GatewayState {
  return { version: 1, restApis: [], apiKeys: [], usagePlans: [] };
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
