// SAM translation checked against what the SAM translator emits (samtranslator's api generator,
// implicit API plugin, Api event source and swagger editor; PR #3881 for ResponseTransferMode).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadTemplate, TemplateError } from '../../../src/local/templates';
import { EXAMPLE, integrationOf, removeProject, sam, tempProject } from './helpers';

const LAMBDA = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

describe('SAM templates', () => {
  const dirs: string[] = [];
  const project = (files: Record<string, string>, folders?: string[]) => { const d = tempProject(files, folders); dirs.push(d); return d; };
  after(() => dirs.forEach(removeProject));

  it('the example: implicit ServerlessRestApi (stages Prod and SAM\'s extra "Stage"), RESPONSE_STREAM → STREAM with the 2021-11-15 URI, buffered otherwise', () => {
    const plan = loadTemplate(EXAMPLE);
    assert.equal(plan.kind, 'sam');
    assert.equal(plan.apis.length, 1);
    const api = plan.apis[0]!;
    assert.equal(api.logicalId, 'ServerlessRestApi');
    assert.equal(api.definition.swagger, '2.0');
    assert.deepEqual(api.stages.map((s) => s.stageName), ['Prod', 'Stage']);
    assert.deepEqual(integrationOf(api.definition, '/chat', 'get'), {
      type: 'aws_proxy', httpMethod: 'POST',
      uri: `arn:aws:apigateway:us-east-1:lambda:path/2021-11-15/functions/${LAMBDA('ChatFunction')}/response-streaming-invocations`,
      responseTransferMode: 'STREAM', timeoutInMillis: 120000,
    });
    assert.deepEqual(integrationOf(api.definition, '/summary', 'get'), {
      type: 'aws_proxy', httpMethod: 'POST', uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${LAMBDA('SummaryFunction')}/invocations`,
    });
    const chat = plan.functions.find((f) => f.name === 'ChatFunction')!;
    assert.equal(chat.codeDir, path.join(path.dirname(EXAMPLE), 'chat'));
    assert.equal(chat.handler, 'app.handler');
    assert.equal(chat.timeoutSeconds, 120, 'the resource beats Globals');
    assert.equal(chat.memoryMb, 256, 'from Globals');
    assert.deepEqual(chat.environment, { GREETING: 'Hello' });
    assert.equal(plan.functions.find((f) => f.name === 'ShellFunction')!.runtime, 'provided.al2023');
    assert.deepEqual(plan.apis[0]!.origins.map((o) => `${o.httpMethod} ${o.path} ${o.kind} ${o.location.join('.')}`), [
      'GET /chat sam-event Resources.ChatFunction.Properties.Events.Chat.Properties',
      'GET /summary sam-event Resources.SummaryFunction.Properties.Events.Summary.Properties',
      'GET /shell sam-event Resources.ShellFunction.Properties.Events.Shell.Properties',
    ]);
  });

  it('Globals merge as SAM merges them (maps merge, lists concatenate, local scalars win); --env-vars overrides declared variables only', () => {
    const dir = project({
      'template.yaml': sam(`
Globals:
  Function:
    Runtime: nodejs20.x
    Handler: app.handler
    CodeUri: src/
    Timeout: 10
    Architectures: [arm64]
    Layers: [layers/common]
    Environment: { Variables: { A: global-a, B: global-b } }
  Api:
    BinaryMediaTypes: [image~1png]
    MinimumCompressionSize: 2048
    EndpointConfiguration: REGIONAL
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Timeout: 20
      Layers: [!Ref LocalLayer]
      Environment: { Variables: { B: local-b, C: !Sub '\${AWS::Region}-\${AWS::AccountId}-\${AWS::StackName}' } }
      Events:
        Any: { Type: Api, Properties: { Path: '/{proxy+}', Method: any } }
        Queue: { Type: SQS, Properties: { Queue: arn:aws:sqs:us-east-1:1:q } }
  LocalLayer:
    Type: AWS::Serverless::LayerVersion
    Properties: { ContentUri: layers/mine }
`),
    }, ['src', 'layers/common', 'layers/mine']);
    const plan = loadTemplate(path.join(dir, 'template.yaml'), { envVars: { Fn: { A: 'from-env-json', UNDECLARED: 'x' } }, stackName: 'my-stack', region: 'eu-west-1' });
    const fn = plan.functions[0]!;
    assert.equal(fn.timeoutSeconds, 20);
    assert.deepEqual(fn.architectures, ['arm64']);
    assert.deepEqual(fn.layers, [path.join(dir, 'layers/common'), path.join(dir, 'layers/mine')]);
    assert.deepEqual(fn.environment, { A: 'from-env-json', B: 'local-b', C: 'eu-west-1-123456789012-my-stack' });
    assert.equal(fn.arn, 'arn:aws:lambda:eu-west-1:123456789012:function:Fn');
    const api = plan.apis[0]!;
    assert.equal(api.endpointType, 'REGIONAL');
    assert.deepEqual(api.definition['x-amazon-apigateway-binary-media-types'], ['image/png']);
    assert.equal(api.definition['x-amazon-apigateway-minimum-compression-size'], 2048);
    assert.ok(integrationOf(api.definition, '/{proxy+}', 'x-amazon-apigateway-any-method'));
    assert.equal(api.origins[0]!.httpMethod, 'ANY');
    assert.equal(plan.warnings.length, 1);
    assert.match(plan.warnings[0]!, /skipped 1 resource — Fn\.Queue \(SQS event\): only Api events are served locally/);
  });

  it('an explicit AWS::Serverless::Api: RestApiId events go into its definition; with a DefinitionBody SAM leaves the body as written', () => {
    const dir = project({
      'template.yaml': sam(`
Resources:
  Managed:
    Type: AWS::Serverless::Api
    Properties:
      StageName: live
      OpenApiVersion: '3.0.1'
      Name: managed-api
      Variables: { mode: test }
      EndpointConfiguration: { Type: PRIVATE }
  Written:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v2
      DefinitionBody:
        openapi: '3.0.1'
        info: { title: written }
        paths:
          /mine:
            post:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2021-11-15/functions/\${Fn.Arn}/response-streaming-invocations
                responseTransferMode: STREAM
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: app.handler
      CodeUri: src
      FunctionName: chat-fn
      Events:
        Managed: { Type: Api, Properties: { RestApiId: !Ref Managed, Path: /chat, Method: POST, ResponseTransferMode: BUFFERED, TimeoutInMillis: 20000 } }
        Ignored: { Type: Api, Properties: { RestApiId: !Ref Written, Path: /ignored, Method: get } }
`),
    });
    const plan = loadTemplate(path.join(dir, 'template.yaml'));
    const managed = plan.apis.find((a) => a.logicalId === 'Managed')!;
    assert.equal(managed.name, 'managed-api');
    assert.equal(managed.definition.openapi, '3.0.1');
    assert.equal(managed.endpointType, 'PRIVATE');
    assert.deepEqual(managed.stages, [{ stageName: 'live', description: undefined, variables: { mode: 'test' }, cacheClusterEnabled: undefined, tracingEnabled: undefined }],
      'with OpenApiVersion SAM creates no extra "Stage" stage');
    assert.deepEqual(integrationOf(managed.definition, '/chat', 'post'), {
      type: 'aws_proxy', httpMethod: 'POST', uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${LAMBDA('chat-fn')}/invocations`, timeoutInMillis: 20000,
    });
    const written = plan.apis.find((a) => a.logicalId === 'Written')!;
    assert.deepEqual(Object.keys(written.definition.paths as object), ['/mine']);
    assert.equal(integrationOf(written.definition, '/mine', 'post').uri,
      `arn:aws:apigateway:us-east-1:lambda:path/2021-11-15/functions/${LAMBDA('chat-fn')}/response-streaming-invocations`);
    assert.deepEqual(written.origins[0]!.location, ['Resources', 'Written', 'Properties', 'DefinitionBody', 'paths', '/mine', 'post', 'x-amazon-apigateway-integration']);
  });

  it('DefinitionUri reads a local OpenAPI file (and watches it)', () => {
    const dir = project({
      'template.yaml': sam(`
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties: { StageName: dev, DefinitionUri: ./api.yaml }
`),
      'api.yaml': `openapi: 3.0.1\ninfo: { title: from-file, version: '1' }\npaths:\n  /m:\n    get:\n      x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' } }\n`,
    });
    const plan = loadTemplate(path.join(dir, 'template.yaml'));
    assert.equal(plan.apis[0]!.name, 'from-file');
    assert.ok(plan.watchFiles.includes(path.join(dir, 'api.yaml')));
    assert.equal(plan.apis[0]!.origins[0]!.file, path.join(dir, 'api.yaml'));
  });

  it('refuses ResponseTransferMode: STREAM in a SAM event (SAM would silently buffer) and names the resource and property', () => {
    const dir = project({
      'template.yaml': sam(`
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: app.handler
      CodeUri: src
      Events:
        Chat: { Type: Api, Properties: { Path: /chat, Method: get, ResponseTransferMode: STREAM } }
`),
    });
    assert.throws(() => loadTemplate(path.join(dir, 'template.yaml')), (err: Error) => err instanceof TemplateError
      && /Fn\.Events\.Chat, property ResponseTransferMode: "STREAM" is not valid; SAM accepts BUFFERED or RESPONSE_STREAM/.test(err.message));
  });

  it('clear errors: a missing CodeUri folder, S3 code, a duplicate route, an unknown Ref', () => {
    const fn = (props: string) => sam(`
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: app.handler
${props}
`);
    const cases: Array<[string, RegExp]> = [
      [fn('      CodeUri: missing/'), /Fn, property CodeUri: .*missing does not exist/],
      [fn('      CodeUri: { Bucket: b, Key: k }'), /Fn, property CodeUri: points at S3/],
      [fn(`      CodeUri: src
      Events:
        A: { Type: Api, Properties: { Path: /x, Method: get } }
        B: { Type: Api, Properties: { Path: /x, Method: GET } }`), /Fn\.Events\.B: API method "get" defined multiple times for path "\/x"/],
      [fn(`      CodeUri: src
      Environment: { Variables: { T: !Ref Nowhere } }`), /Fn, property Environment\.Variables\.T: Ref "Nowhere" is neither a parameter.*--env-vars/],
    ];
    for (const [text, pattern] of cases) {
      const dir = project({ 'template.yaml': text });
      assert.throws(() => loadTemplate(path.join(dir, 'template.yaml')), pattern);
    }
  });
});
