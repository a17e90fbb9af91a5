// Plain CloudFormation and cdk.out fixtures translate into the REST APIs CloudFormation builds.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadTemplate } from '../../../src/local/templates';
import { CDK_FIXTURE, CFN_FIXTURE, integrationOf, removeProject, tempProject } from './helpers';

describe('CloudFormation and cdk.out templates', () => {
  it('CloudFormation: Resource tree → paths, Method Integration → x-amazon-apigateway-integration, Deployment/Stage → stages, Lambda Code → folder', () => {
    const plan = loadTemplate(CFN_FIXTURE, { parameterOverrides: { BackendUrl: 'http://127.0.0.1:9', StageName: 'v2' } });
    assert.equal(plan.kind, 'cloudformation');
    const events = plan.apis.find((a) => a.logicalId === 'EventsApi')!;
    assert.equal(events.name, 'cloudformation-events');
    assert.equal(events.endpointType, 'REGIONAL');
    assert.deepEqual(events.stages.map((s) => [s.stageName, s.variables]), [['v2', { backend: 'http://127.0.0.1:9' }]]);
    assert.deepEqual(Object.keys(events.definition.paths as object).sort(), ['/', '/events', '/items/{id}']);
    assert.deepEqual(integrationOf(events.definition, '/events', 'get'), { type: 'HTTP_PROXY', httpMethod: 'GET', uri: 'http://127.0.0.1:9/events', responseTransferMode: 'STREAM', timeoutInMillis: 60000 });
    assert.equal(integrationOf(events.definition, '/items/{id}', 'get').uri, 'http://127.0.0.1:9/items/{id}');
    assert.equal(integrationOf(events.definition, '/events', 'post').uri,
      'arn:aws:apigateway:us-east-1:lambda:path/2021-11-15/functions/arn:aws:lambda:us-east-1:123456789012:function:events/response-streaming-invocations');
    assert.deepEqual(integrationOf(events.definition, '/', 'get').responses, { default: { statusCode: '200', responseParameters: undefined, responseTemplates: { 'application/json': '{"ok": true}' }, contentHandling: undefined } });
    const docs = plan.apis.find((a) => a.logicalId === 'DocsApi')!;
    assert.deepEqual(docs.stages.map((s) => s.stageName), ['docs']);
    assert.equal(docs.definition['x-amazon-apigateway-minimum-compression-size'], 1024);
    assert.equal(docs.origins[0]!.file, path.join(path.dirname(CFN_FIXTURE), 'docs-openapi.yaml'));
    const fn = plan.functions[0]!;
    assert.equal(fn.name, 'events', 'FunctionName from !Select/!Split/!Sub');
    assert.equal(fn.codeDir, path.join(path.dirname(CFN_FIXTURE), 'src'));
    assert.deepEqual([fn.timeoutSeconds, fn.memoryMb], [300, 512]);
    assert.deepEqual(plan.warnings, ['template.yaml: skipped 3 resources — ChatFunctionRole (AWS::IAM::Role), ChatPermission (AWS::Lambda::Permission): IAM and Lambda permissions are not enforced locally; EventsTable (AWS::DynamoDB::Table): not emulated locally']);
    const origin = events.origins.find((o) => o.path === '/events' && o.httpMethod === 'GET')!;
    assert.deepEqual([origin.kind, origin.location.join('.')], ['cfn-method', 'Resources.EventsGet.Properties.Integration']);
  });

  it('Fn::If on a parameter switches a method between STREAM and BUFFERED', () => {
    const plan = loadTemplate(CFN_FIXTURE, { parameterOverrides: { BackendUrl: 'http://b', Streaming: 'no' } });
    const x = integrationOf(plan.apis[0]!.definition, '/events', 'get');
    assert.deepEqual([x.responseTransferMode, x.timeoutInMillis], ['BUFFERED', 29000]);
  });

  it('parameters: a missing required one, a value outside AllowedValues and an unknown override are errors', () => {
    assert.throws(() => loadTemplate(CFN_FIXTURE), /parameter "BackendUrl" has no Default; pass --parameter-overrides BackendUrl=VALUE/);
    assert.throws(() => loadTemplate(CFN_FIXTURE, { parameterOverrides: { BackendUrl: 'x', StageName: 'v9' } }), /parameter StageName is "v9" but must be one of v1, v2/);
    assert.throws(() => loadTemplate(CFN_FIXTURE, { parameterOverrides: { BackendUrl: 'x', Typo: '1' } }), /sets "Typo", which is not a parameter of this template/);
  });

  it('BodyS3Location pointing at S3 is refused with the local alternative', () => {
    const dir = tempProject({ 'template.json': JSON.stringify({ Resources: { Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { BodyS3Location: { Bucket: 'b', Key: 'k' } } } } }) });
    try {
      assert.throws(() => loadTemplate(path.join(dir, 'template.json')), /Api, property BodyS3Location: points at S3; locally it must be a path to an OpenAPI file/);
    } finally { removeProject(dir); }
  });

  it('cdk.out: the manifest\'s stack, the asset folder from aws:asset:path, generated methods marked with their construct path', () => {
    const plan = loadTemplate(CDK_FIXTURE);
    assert.equal(plan.kind, 'cdk');
    assert.equal(plan.stackName, 'ChatStack');
    const api = plan.apis[0]!;
    assert.equal(api.name, 'ChatApi');
    assert.deepEqual(api.stages.map((s) => s.stageName), ['prod']);
    assert.deepEqual(integrationOf(api.definition, '/chat', 'post'), {
      type: 'AWS_PROXY', httpMethod: 'POST', responseTransferMode: 'STREAM', timeoutInMillis: 120000,
      uri: 'arn:aws:apigateway:us-east-1:lambda:path/2021-11-15/functions/arn:aws:lambda:us-east-1:123456789012:function:ChatHandler5F1A2B3C/response-streaming-invocations',
    });
    const fn = plan.functions[0]!;
    assert.equal(path.basename(fn.codeDir), 'asset.5f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8');
    const chat = api.origins.find((o) => o.path === '/chat')!;
    assert.deepEqual([chat.kind, chat.cdkPath], ['cdk', 'ChatStack/ChatApi/Default/chat/POST/Resource']);
    assert.equal(plan.warnings.length, 1);
    assert.match(plan.warnings[0]!, /ChatStack\.template\.json: skipped 5 resources — .*CDKMetadata \(AWS::CDK::Metadata\): CDK bookkeeping/);
    // The same stack through its template file.
    assert.equal(loadTemplate(path.join(CDK_FIXTURE, 'ChatStack.template.json')).kind, 'cdk');
  });

  it('a plain OpenAPI file with x-amazon-apigateway-integration is one API on the stage asked for', () => {
    const file = path.join(path.dirname(CFN_FIXTURE), 'docs-openapi.yaml');
    const plan = loadTemplate(file, { openApiStage: 'local' });
    assert.equal(plan.kind, 'openapi');
    assert.deepEqual(plan.apis.map((a) => [a.name, a.stages[0]!.stageName]), [['docs', 'local']]);
    assert.deepEqual(plan.apis[0]!.origins[0]!.location, ['paths', '/readme', 'get', 'x-amazon-apigateway-integration']);
  });
});
