// Seeds the sample API: /chat, /ndjson, /download, /long, all AWS_PROXY to built-in sample
// Lambdas, all BUFFERED (so toggling to STREAM and redeploying visibly changes what a client
// sees), deployed to stage "dev" so the invoke URLs work at once.
import { DEFAULT_TIMEOUT_MS, lambdaIntegrationUri } from '../../core/rules/integrationRules';
import { createRestApi, ensureResourcePath } from '../controlplane/restApiOps';
import { createDeployment } from '../controlplane/stageOps';
import type { StoredRestApi } from '../state/model';
import type { GatewayStore } from '../state/store';
import { SAMPLE_FUNCTIONS, sampleFunctionArn, SAMPLE_REGION } from './handlers';

export const SAMPLE_STAGE = 'dev';
export const SAMPLE_TAG = 'streamgate:sample';

export const SAMPLE_ROUTES = [
  { path: '/chat', verb: 'ANY', fn: SAMPLE_FUNCTIONS.chat, what: 'SSE token stream shaped like an LLM chat' },
  { path: '/ndjson', verb: 'GET', fn: SAMPLE_FUNCTIONS.ndjson, what: 'NDJSON records spread over time' },
  { path: '/download', verb: 'GET', fn: SAMPLE_FUNCTIONS.download, what: '64 MB generated body (over the 10 MB BUFFERED limit)' },
  { path: '/long', verb: 'GET', fn: SAMPLE_FUNCTIONS.long, what: '35 s of work with progress events (over the 29 s BUFFERED timeout)' },
] as const;

export function bufferedLambdaUri(functionName: string): string {
  return lambdaIntegrationUri(SAMPLE_REGION, sampleFunctionArn(functionName), 'BUFFERED');
}

export function findSampleApi(store: GatewayStore): StoredRestApi | undefined {
  return store.state.restApis.find((a) => a.tags?.[SAMPLE_TAG] === 'true');
}

export function seedSampleApi(store: GatewayStore): StoredRestApi {
  const api = createRestApi(store, {
    name: 'StreamGate sample',
    description: 'Local sample API: flip each integration between BUFFERED and STREAM, deploy to "dev", and compare.',
    endpointTypes: ['REGIONAL'],
    // /download's BUFFERED result is base64 (isBase64Encoded); as on AWS, the gateway decodes it
    // back to bytes only for a binary media type the API lists.
    binaryMediaTypes: ['application/octet-stream'],
    tags: { [SAMPLE_TAG]: 'true' },
  });
  for (const r of SAMPLE_ROUTES) {
    const resource = ensureResourcePath(store, api, r.path);
    resource.resourceMethods[r.verb] = {
      httpMethod: r.verb,
      authorizationType: 'NONE',
      apiKeyRequired: false,
      operationName: r.what,
      methodIntegration: {
        type: 'AWS_PROXY',
        httpMethod: 'POST',
        uri: bufferedLambdaUri(r.fn),
        connectionType: 'INTERNET',
        passthroughBehavior: 'WHEN_NO_MATCH',
        timeoutInMillis: DEFAULT_TIMEOUT_MS,
        cacheKeyParameters: [],
        responseTransferMode: 'BUFFERED',
      },
    };
  }
  createDeployment(api, 'Initial sample deployment', SAMPLE_STAGE, { description: 'Sample stage' });
  return api;
}
