import { strict as assert } from 'node:assert';
import {
  buildResourceTree,
  describeAwsError,
  IntegrationValidationError,
  invokeUrl,
  isLocalEndpoint,
  LOCAL_DUMMY_CREDENTIALS,
  parseMethodSettingKey,
  resolveCredentials,
  toIntegrationSettings,
  type ResourceInfo,
} from '../../../src/core/controlplane';

const res = (id: string, path: string, parentId?: string): ResourceInfo => ({ id, path, methods: {}, ...(parentId ? { parentId } : {}) });

describe('buildResourceTree', () => {
  it('nests resources by parentId and sorts children by path, whatever the input order', () => {
    const flat = [res('c', '/b/x', 'b'), res('b', '/b', 'root'), res('a', '/a', 'root'), res('root', '/'), res('d', '/a/{id}', 'a')];
    const tree = buildResourceTree(flat);
    assert.equal(tree.length, 1);
    const root = tree[0]!;
    assert.deepEqual(root.children.map((n) => n.resource.path), ['/a', '/b']);
    assert.deepEqual(root.children[0]!.children.map((n) => n.resource.path), ['/a/{id}']);
    assert.deepEqual(buildResourceTree([...flat].reverse()).map((n) => n.resource.id), ['root']);
  });

  it('keeps every resource of a parent cycle visible, each exactly once', () => {
    const tree = buildResourceTree([res('root', '/'), res('a', '/a', 'b'), res('b', '/b', 'a')]);
    const seen: string[] = [];
    const walk = (nodes: typeof tree): void => { for (const n of nodes) { seen.push(n.resource.id); walk(n.children); } };
    walk(tree);
    assert.deepEqual(seen.sort(), ['a', 'b', 'root']);
  });

  it('keeps resources whose parent is missing visible at the top level', () => {
    const tree = buildResourceTree([res('root', '/'), res('orphan', '/x/y', 'gone')]);
    assert.deepEqual(tree.map((n) => n.resource.path), ['/', '/x/y']);
  });
});

describe('invokeUrl', () => {
  it('builds the AWS execute-api form', () => {
    assert.equal(invokeUrl('abc123', 'eu-west-1', 'prod', '/items/{id}'), 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/items/{id}');
    assert.equal(invokeUrl('abc123', 'eu-west-1', 'prod', '/'), 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/');
  });
  it('builds the local gateway form for loopback endpoints only', () => {
    assert.equal(invokeUrl('abc', 'us-east-1', 'dev', '/chat', 'http://127.0.0.1:4510'), 'http://127.0.0.1:4510/restapis/abc/dev/_user_request_/chat');
    assert.equal(invokeUrl('abc', 'us-east-1', 'dev', 'chat', 'http://localhost:9/'), 'http://localhost:9/restapis/abc/dev/_user_request_/chat');
    assert.equal(invokeUrl('abc', 'us-east-1', 'dev', '/chat', 'https://vpce-1.apigateway.amazonaws.com'), 'https://abc.execute-api.us-east-1.amazonaws.com/dev/chat');
    assert.equal(isLocalEndpoint('not a url'), false);
  });
});

describe('credentials for a connection', () => {
  it('uses dummy credentials for a loopback endpoint when nothing is configured', () => {
    assert.deepEqual(resolveCredentials({ region: 'us-east-1', endpoint: 'http://127.0.0.1:1' }, {}), LOCAL_DUMMY_CREDENTIALS);
  });
  it('uses the provider chain when a profile, env credentials or a real endpoint is given', () => {
    assert.equal(typeof resolveCredentials({ region: 'us-east-1', endpoint: 'http://127.0.0.1:1', profile: 'dev' }, {}), 'function');
    assert.equal(typeof resolveCredentials({ region: 'us-east-1', endpoint: 'http://127.0.0.1:1' }, { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' }), 'function');
    assert.equal(typeof resolveCredentials({ region: 'us-east-1' }, {}), 'function');
  });
});

describe('describeAwsError', () => {
  const awsError = (name: string, message: string, status: number) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

  it('classifies the errors a tree must show differently, with a next step', () => {
    const denied = describeAwsError(awsError('AccessDeniedException', 'User: arn:aws:iam::1:user/x is not authorized to perform: apigateway:GET', 403));
    assert.equal(denied.kind, 'access-denied');
    assert.match(denied.message, /IAM policy/);
    const throttled = describeAwsError(awsError('TooManyRequestsException', 'Too Many Requests', 429));
    assert.deepEqual([throttled.kind, throttled.retryable], ['throttled', true]);
    assert.equal(describeAwsError(awsError('ExpiredTokenException', 'The security token included in the request is expired', 403)).kind, 'expired-credentials');
    assert.match(describeAwsError(awsError('ExpiredTokenException', 'expired', 403)).message, /aws sso login/);
    assert.equal(describeAwsError(awsError('NotFoundException', 'Invalid API identifier specified', 404)).kind, 'not-found');
    assert.equal(describeAwsError(awsError('ConflictException', 'busy', 409)).kind, 'conflict');
    assert.equal(describeAwsError(awsError('BadRequestException', 'Timeout should be between 50 ms and 29000 ms', 400)).kind, 'bad-request');
    assert.equal(describeAwsError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })).kind, 'network');
    assert.equal(describeAwsError(Object.assign(new Error('aborted'), { name: 'AbortError' })).kind, 'cancelled');
    assert.equal(describeAwsError(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })).kind, 'expired-credentials');
    assert.equal(describeAwsError(new IntegrationValidationError('Timeout should be between 50 ms and 29000 ms')).message, 'Timeout should be between 50 ms and 29000 ms');
  });

  it('returns one line and never echoes access keys or secrets', () => {
    const d = describeAwsError(awsError('UnrecognizedClientException', 'The security token AKIAABCDEFGHIJKLMNOP is invalid.\nsignature=abcdef123', 403));
    assert.ok(!d.message.includes('\n'));
    assert.ok(!d.message.includes('AKIAABCDEFGHIJKLMNOP'));
    assert.ok(!d.message.includes('abcdef123'));
  });
});

describe('mapping AWS shapes', () => {
  it('defaults a missing transfer mode to BUFFERED and timeout to 29000 ms, and notices response templates', () => {
    const s = toIntegrationSettings({ type: 'AWS', integrationResponses: { '200': { statusCode: '200', responseTemplates: { 'application/json': '$input.body' } } } });
    assert.deepEqual(s, { type: 'AWS', responseTransferMode: 'BUFFERED', timeoutInMillis: 29000, hasResponseTemplates: true });
  });
  it('decodes stage method-setting keys', () => {
    assert.deepEqual(parseMethodSettingKey('*/*'), { path: '*', httpMethod: '*' });
    assert.deepEqual(parseMethodSettingKey('~1items~1{id}/GET'), { path: '/items/{id}', httpMethod: 'GET' });
    assert.deepEqual(parseMethodSettingKey('items/POST'), { path: '/items', httpMethod: 'POST' });
  });
});
