import { strict as assert } from 'node:assert';
import { parse } from 'yaml';
import { lambdaIntegrationUri } from '../../../src/core/rules/integrationRules';
import { integrationSnippets, awsCliSnippet, cloudFormationSnippet, openApiSnippet, cdkSnippet, samSnippet, terraformSnippet, type SnippetContext } from '../../../src/core/snippets';

const streamingUri = lambdaIntegrationUri('us-east-1', 'arn:aws:lambda:us-east-1:123456789012:function:chat', 'STREAM');
const lambdaCtx: SnippetContext = {
  apiId: 'a1b2c3', resourceId: 'res9', httpMethod: 'POST', path: '/chat/{id}', region: 'us-east-1', stageName: 'prod',
  settings: { type: 'AWS_PROXY', uri: streamingUri, responseTransferMode: 'STREAM', timeoutInMillis: 900000 },
};
const httpCtx: SnippetContext = {
  apiId: 'a1b2c3', resourceId: 'res2', httpMethod: 'ANY', path: '/{proxy+}',
  settings: { type: 'HTTP_PROXY', httpMethod: 'ANY', uri: 'https://backend.example.com/{proxy},v2', responseTransferMode: 'BUFFERED', timeoutInMillis: 29000 },
};

/** Splits a shell command line the way POSIX sh would for single-quoted and bare words. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  const re = /'((?:[^']|'\\'')*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) words.push(m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2]!);
  return words;
}

describe('infrastructure-as-code snippets', () => {
  it('AWS CLI: one update-integration with every patch op, then a deployment', () => {
    const text = awsCliSnippet(lambdaCtx);
    const command = text.split('\n\n')[0]!.replace(/ \\\n/g, ' ');
    const words = shellWords(command);
    assert.deepEqual(words.slice(0, 3), ['aws', 'apigateway', 'update-integration']);
    const flag = (name: string) => words[words.indexOf(name) + 1];
    assert.equal(flag('--rest-api-id'), 'a1b2c3');
    assert.equal(flag('--resource-id'), 'res9');
    assert.equal(flag('--http-method'), 'POST');
    const ops = words.slice(words.indexOf('--patch-operations') + 1, words.indexOf('--region'));
    assert.deepEqual(ops, [
      'op=replace,path=/responseTransferMode,value=STREAM',
      'op=replace,path=/timeoutInMillis,value=900000',
      `op=replace,path=/uri,value=${streamingUri}`,
    ]);
    assert.match(text, /aws apigateway create-deployment --rest-api-id a1b2c3 --stage-name prod --region us-east-1/);
  });

  it('AWS CLI: values with commas or braces go as quoted JSON that parses back', () => {
    const words = shellWords(awsCliSnippet(httpCtx).split('\n\n')[0]!.replace(/ \\\n/g, ' '));
    const ops = JSON.parse(words[words.indexOf('--patch-operations') + 1]!);
    assert.deepEqual(ops[2], { op: 'replace', path: '/uri', value: 'https://backend.example.com/{proxy},v2' });
  });

  it('CloudFormation: AWS::ApiGateway::Method Integration with ResponseTransferMode, TimeoutInMillis and Uri', () => {
    const doc = parse(cloudFormationSnippet(lambdaCtx));
    const [logicalId, resource] = Object.entries(doc.Resources)[0] as [string, { Type: string; Properties: Record<string, unknown> & { Integration: Record<string, unknown> } }];
    assert.equal(logicalId, 'PostChatIdMethod');
    assert.equal(resource.Type, 'AWS::ApiGateway::Method');
    assert.equal(resource.Properties.HttpMethod, 'POST');
    assert.equal(resource.Properties.AuthorizationType, 'NONE');
    assert.equal(parse(cloudFormationSnippet({ ...lambdaCtx, authorizationType: 'AWS_IAM' })).Resources.PostChatIdMethod.Properties.AuthorizationType, 'AWS_IAM');
    assert.deepEqual(resource.Properties.Integration, { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST', Uri: streamingUri, ResponseTransferMode: 'STREAM', TimeoutInMillis: 900000 });
  });

  it('OpenAPI: x-amazon-apigateway-integration under the path and verb (ANY as its extension)', () => {
    const lambda = parse(openApiSnippet(lambdaCtx));
    const integration = lambda.paths['/chat/{id}'].post['x-amazon-apigateway-integration'];
    assert.equal(integration.responseTransferMode, 'STREAM');
    assert.equal(integration.timeoutInMillis, 900000);
    assert.equal(integration.uri, streamingUri);
    assert.equal(integration.type, 'aws_proxy');
    assert.equal(integration.httpMethod, 'POST');
    const any = parse(openApiSnippet(httpCtx));
    assert.equal(any.paths['/{proxy+}']['x-amazon-apigateway-any-method']['x-amazon-apigateway-integration'].responseTransferMode, 'BUFFERED');
  });

  it('CDK: ResponseTransferMode enum member and Duration.millis with the exact URI', () => {
    const text = cdkSnippet(lambdaCtx);
    assert.match(text, /responseTransferMode: apigateway\.ResponseTransferMode\.STREAM,/);
    assert.match(text, /timeout: Duration\.millis\(900000\),/);
    assert.match(text, /type: apigateway\.IntegrationType\.AWS_PROXY,/);
    assert.ok(text.includes(`uri: ${JSON.stringify(streamingUri)}`));
    assert.match(text, /resource\.addMethod\("POST", postChatIdIntegration\);/);
  });

  it('Terraform: aws_api_gateway_integration with response_transfer_mode and timeout_milliseconds', () => {
    const text = terraformSnippet(lambdaCtx);
    assert.match(text, /^resource "aws_api_gateway_integration" "post_chat_id" \{/);
    assert.match(text, /response_transfer_mode\s+= "STREAM"/);
    assert.match(text, /timeout_milliseconds\s+= 900000/);
    assert.match(text, /type\s+= "AWS_PROXY"/);
    assert.match(text, /integration_http_method\s+= "POST"/);
    // A ${...} in a URI must not become Terraform interpolation.
    const escaped = terraformSnippet({ ...httpCtx, settings: { ...httpCtx.settings, uri: 'https://x/${stageVariables.host}' } });
    assert.ok(escaped.includes('"https://x/$${stageVariables.host}"'));
  });

  it('SAM: an Api event with SAM\'s spelling RESPONSE_STREAM (BUFFERED when buffered) and TimeoutInMillis; non-Lambda types in a DefinitionBody', () => {
    const doc = parse(samSnippet(lambdaCtx)) as { Resources: Record<string, { Type: string; Properties: { FunctionName: string; Events: Record<string, { Type: string; Properties: Record<string, unknown> }> } }> };
    const fn = doc.Resources.ChatFunction!;
    assert.equal(fn.Type, 'AWS::Serverless::Function');
    assert.equal(fn.Properties.FunctionName, 'chat');
    assert.deepEqual(Object.values(fn.Properties.Events)[0], { Type: 'Api', Properties: { Path: '/chat/{id}', Method: 'post', ResponseTransferMode: 'RESPONSE_STREAM', TimeoutInMillis: 900000 } });
    const buffered = parse(samSnippet({ ...lambdaCtx, settings: { ...lambdaCtx.settings, responseTransferMode: 'BUFFERED', timeoutInMillis: 29000 } })) as typeof doc;
    assert.equal(Object.values(buffered.Resources.ChatFunction!.Properties.Events)[0]!.Properties.ResponseTransferMode, 'BUFFERED');
    const http = parse(samSnippet(httpCtx)) as { Resources: { Api: { Type: string; Properties: { DefinitionBody: { paths: Record<string, Record<string, { 'x-amazon-apigateway-integration': Record<string, unknown> }>> } } } } };
    assert.equal(http.Resources.Api.Type, 'AWS::Serverless::Api');
    assert.equal(http.Resources.Api.Properties.DefinitionBody.paths['/{proxy+}']!['x-amazon-apigateway-any-method']!['x-amazon-apigateway-integration'].type, 'http_proxy');
  });

  it('offers all six, each with a language id for highlighting', () => {
    const all = integrationSnippets(lambdaCtx);
    assert.deepEqual(all.map((s) => s.kind), ['awsCli', 'cloudFormation', 'sam', 'openApi', 'cdk', 'terraform']);
    assert.ok(all.every((s) => s.text.includes('900000') && s.languageId));
  });
});
