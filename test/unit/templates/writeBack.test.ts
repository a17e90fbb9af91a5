// Write-back: the edits change only the fields asked for, keep comments and formatting, and the
// edited template translates to the new settings (a round trip through the translator).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, loadTemplate, templateEdits, type MethodOrigin } from '../../../src/local/templates';
import { CDK_FIXTURE, CFN_FIXTURE, EXAMPLE, integrationOf, removeProject, tempProject } from './helpers';

/** Copies a fixture folder, loads it, and returns the origin of one method plus a reload function. */
function copyOf(templateFile: string, overrides: Record<string, string> = {}) {
  const dir = tempProject({});
  fs.cpSync(path.dirname(templateFile), dir, { recursive: true, filter: (src) => !src.includes('node_modules') });
  const file = path.join(dir, path.basename(templateFile));
  const load = () => loadTemplate(file, { parameterOverrides: overrides });
  const origin = (route: string, verb: string): MethodOrigin => load().apis.flatMap((a) => a.origins).find((o) => o.path === route && o.httpMethod === verb)!;
  const edit = (o: MethodOrigin, change: Parameters<typeof templateEdits>[2]) => {
    const before = fs.readFileSync(o.file, 'utf8');
    const after = applyEdits(before, templateEdits(before, o, change));
    fs.writeFileSync(o.file, after);
    return { before, after };
  };
  return { dir, file, load, origin, edit };
}

/** Lines of `after` that `before` does not have (as a multiset: a moved line is not a change). */
function changedLines(before: string, after: string): string[] {
  const left = new Map<string, number>();
  for (const line of before.split('\n')) left.set(line, (left.get(line) ?? 0) + 1);
  return after.split('\n').filter((line) => {
    const n = left.get(line) ?? 0;
    if (n > 0) { left.set(line, n - 1); return false; }
    return true;
  });
}

describe('template write-back', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach(removeProject));

  it('SAM: RESPONSE_STREAM ⇄ BUFFERED and TimeoutInMillis on the Api event, comments kept, round-trips through the translator', () => {
    const t = copyOf(EXAMPLE); dirs.push(t.dir);
    const summary = t.origin('/summary', 'GET');
    const { before, after } = t.edit(summary, { responseTransferMode: 'STREAM', timeoutInMillis: 90000 });
    assert.deepEqual(changedLines(before, after), ['            ResponseTransferMode: RESPONSE_STREAM', '            TimeoutInMillis: 90000']);
    assert.equal(after.split('\n').length, before.split('\n').length + 2, 'two lines added, nothing else');
    assert.ok(after.includes("# SAM's spelling: STREAM + the 2021-11-15 URI"), 'comments kept');
    const x = integrationOf(t.load().apis[0]!.definition, '/summary', 'get');
    assert.deepEqual([x.responseTransferMode, x.timeoutInMillis], ['STREAM', 90000]);
    assert.match(String(x.uri), /2021-11-15\/functions\/.*SummaryFunction\/response-streaming-invocations$/);

    const chat = t.origin('/chat', 'GET');
    const second = t.edit(chat, { responseTransferMode: 'BUFFERED', timeoutInMillis: 29000 });
    assert.deepEqual(changedLines(second.before, second.after), [
      '            ResponseTransferMode: BUFFERED   # SAM\'s spelling: STREAM + the 2021-11-15 URI',
      '            TimeoutInMillis: 29000                 # over 29 s: allowed because it streams',
    ]);
    const y = integrationOf(t.load().apis[0]!.definition, '/chat', 'get');
    assert.deepEqual([y.responseTransferMode, y.timeoutInMillis], [undefined, 29000]);
  });

  it('CloudFormation: Integration ResponseTransferMode (a !If replaced by the value), TimeoutInMillis and the Lambda Uri (!Sub kept) in one edit', () => {
    const t = copyOf(CFN_FIXTURE, { BackendUrl: 'http://b' }); dirs.push(t.dir);
    const chat = t.origin('/events', 'POST');
    const { before, after } = t.edit(chat, { responseTransferMode: 'BUFFERED', timeoutInMillis: 20000 });
    assert.deepEqual(changedLines(before, after), [
      "        Uri: !Sub 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${ChatFunction.Arn}/invocations'",
      '        ResponseTransferMode: BUFFERED',
      '        TimeoutInMillis: 20000',
    ]);
    const x = integrationOf(t.load().apis[0]!.definition, '/events', 'post');
    assert.deepEqual([x.responseTransferMode, x.timeoutInMillis], ['BUFFERED', 20000]);
    assert.match(String(x.uri), /2015-03-31\/functions\/arn:aws:lambda:us-east-1:123456789012:function:events\/invocations$/);

    const events = t.origin('/events', 'GET');
    const second = t.edit(events, { responseTransferMode: 'BUFFERED' });
    assert.deepEqual(changedLines(second.before, second.after), ['        ResponseTransferMode: BUFFERED']);
    assert.ok(second.before.includes('ResponseTransferMode: !If [StreamEvents, STREAM, BUFFERED]'));
  });

  it('OpenAPI (a BodyS3Location file): adds responseTransferMode and timeoutInMillis to x-amazon-apigateway-integration', () => {
    const t = copyOf(CFN_FIXTURE, { BackendUrl: 'http://b' }); dirs.push(t.dir);
    const readme = t.origin('/readme', 'GET');
    assert.equal(path.basename(readme.file), 'docs-openapi.yaml');
    const { before, after } = t.edit(readme, { responseTransferMode: 'STREAM', timeoutInMillis: 60000 });
    assert.deepEqual(changedLines(before, after), ['        responseTransferMode: STREAM', '        timeoutInMillis: 60000']);
    assert.ok(after.includes('# A mocked page'), 'comment kept');
  });

  it('JSON templates get JSON edits, keeping their layout', () => {
    const dir = tempProject({
      'template.json': JSON.stringify({
        Resources: {
          Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'j' } },
          M: { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, HttpMethod: 'GET', Integration: { Type: 'HTTP_PROXY', IntegrationHttpMethod: 'GET', Uri: 'http://x' } } },
        },
      }, null, 2),
    });
    dirs.push(dir);
    const file = path.join(dir, 'template.json');
    const origin = loadTemplate(file).apis[0]!.origins[0]!;
    const before = fs.readFileSync(file, 'utf8');
    const after = applyEdits(before, templateEdits(before, origin, { responseTransferMode: 'STREAM', timeoutInMillis: 120000 }));
    const parsed = JSON.parse(after) as { Resources: { M: { Properties: { Integration: Record<string, unknown> } } } };
    assert.deepEqual(parsed.Resources.M.Properties.Integration, { Type: 'HTTP_PROXY', IntegrationHttpMethod: 'GET', Uri: 'http://x', ResponseTransferMode: 'STREAM', TimeoutInMillis: 120000 });
    assert.ok(after.includes('          "Uri": "http://x",\n          "ResponseTransferMode": "STREAM",\n          "TimeoutInMillis": 120000\n'), after);
  });

  it('cdk.out is generated: write-back refuses and points at the CDK construct; a changed file is reported, not corrupted', () => {
    const origin = loadTemplate(CDK_FIXTURE).apis[0]!.origins.find((o) => o.path === '/chat')!;
    assert.throws(() => templateEdits(fs.readFileSync(origin.file, 'utf8'), origin, { responseTransferMode: 'BUFFERED' }), /generated by cdk synth; change the CDK code \(ChatStack\/ChatApi\/Default\/chat\/POST\/Resource\)/);
    const sam = loadTemplate(EXAMPLE).apis[0]!.origins[0]!;
    assert.throws(() => templateEdits('Resources: {}\n', sam, { timeoutInMillis: 100 }), /no longer has Resources\.ChatFunction\.Properties\.Events\.Chat\.Properties/);
  });
});
