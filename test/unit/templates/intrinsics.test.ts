// Intrinsic functions and YAML short tags, as CloudFormation evaluates them.
import assert from 'node:assert/strict';
import { IntrinsicResolver, NO_VALUE, type IntrinsicContext } from '../../../src/local/templates/intrinsics';
import { parseTemplateText } from '../../../src/local/templates/yamlTags';

function resolver(over: Partial<IntrinsicContext> = {}): IntrinsicResolver {
  return new IntrinsicResolver({
    file: 'template.yaml',
    parameters: { Env: 'prod', Zones: ['a', 'b', 'c'] },
    unsetParameters: new Set(['Secret']),
    pseudo: { 'AWS::Region': 'eu-west-1', 'AWS::AccountId': '111122223333', 'AWS::StackName': 'demo', 'AWS::Partition': 'aws' },
    conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }, IsDev: { 'Fn::Not': [{ Condition: 'IsProd' }] }, Both: { 'Fn::And': [{ Condition: 'IsProd' }, { Condition: 'IsDev' }] } },
    mappings: { Sizes: { prod: { Memory: 1024 } } },
    resourceRef: (id) => (id === 'Fn' ? 'fn-name' : id === 'Table' ? 'Table' : undefined),
    getAtt: (id, attr) => (id === 'Fn' && attr === 'Arn' ? 'arn:aws:lambda:eu-west-1:111122223333:function:fn-name' : undefined),
    ...over,
  });
}
const at = { resource: 'Res', property: 'Prop' };

describe('intrinsic functions', () => {
  it('parses every YAML short form into its long form', () => {
    const doc = parseTemplateText(`
a: !Ref X
b: !GetAtt Fn.Arn
c: !GetAtt [Fn, Arn]
d: !Sub 'x-\${AWS::Region}'
e: !Sub ['\${A}', { A: !Ref X }]
f: !Join [',', [!Ref X, !Select [0, !Split ['-', 'p-q']]]]
g: !If [IsProd, !Ref AWS::NoValue, 1]
h: !Equals [a, b]
i: !FindInMap [M, k, v]
j: !Base64 text
`, 't.yaml');
    assert.deepEqual(doc, {
      a: { Ref: 'X' }, b: { 'Fn::GetAtt': ['Fn', 'Arn'] }, c: { 'Fn::GetAtt': ['Fn', 'Arn'] }, d: { 'Fn::Sub': 'x-${AWS::Region}' },
      e: { 'Fn::Sub': ['${A}', { A: { Ref: 'X' } }] }, f: { 'Fn::Join': [',', [{ Ref: 'X' }, { 'Fn::Select': [0, { 'Fn::Split': ['-', 'p-q'] }] }]] },
      g: { 'Fn::If': ['IsProd', { Ref: 'AWS::NoValue' }, 1] }, h: { 'Fn::Equals': ['a', 'b'] }, i: { 'Fn::FindInMap': ['M', 'k', 'v'] }, j: { 'Fn::Base64': 'text' },
    });
  });

  it('evaluates Ref, GetAtt, Sub (both forms, ${!Literal}), Join, Select, Split, If/Conditions, FindInMap, Base64, NoValue', () => {
    const r = resolver();
    assert.equal(r.resolve({ Ref: 'Env' }, at), 'prod');
    assert.equal(r.resolve({ Ref: 'AWS::AccountId' }, at), '111122223333');
    assert.equal(r.resolve({ Ref: 'Fn' }, at), 'fn-name');
    assert.equal(r.resolve({ 'Fn::GetAtt': 'Fn.Arn' }, at), 'arn:aws:lambda:eu-west-1:111122223333:function:fn-name');
    assert.equal(r.resolve({ 'Fn::Sub': 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations ${!Keep}' }, at),
      'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:111122223333:function:fn-name/invocations ${Keep}');
    assert.equal(r.resolve({ 'Fn::Sub': ['${Who}-${Env}', { Who: { Ref: 'AWS::StackName' } }] }, at), 'demo-prod');
    assert.equal(r.resolve({ 'Fn::Join': ['/', { Ref: 'Zones' }] }, at), 'a/b/c');
    assert.equal(r.resolve({ 'Fn::Select': [1, { Ref: 'Zones' }] }, at), 'b');
    assert.deepEqual(r.resolve({ 'Fn::Split': [',', 'x,y'] }, at), ['x', 'y']);
    assert.equal(r.resolve({ 'Fn::If': ['IsDev', 'dev', 'not-dev'] }, at), 'not-dev');
    assert.equal(r.resolve({ 'Fn::If': ['Both', 1, 2] }, at), 2);
    assert.equal(r.resolve({ 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Memory'] }, at), 1024);
    assert.equal(r.resolve({ 'Fn::Base64': 'hi' }, at), 'aGk=');
    assert.deepEqual(r.resolve({ a: { Ref: 'AWS::NoValue' }, b: [1, { Ref: 'AWS::NoValue' }] }, at), { b: [1] });
    assert.equal(r.resolve({ Ref: 'AWS::NoValue' }, at), NO_VALUE);
  });

  it('unresolvable values name the file, resource and property, and say what to do', () => {
    const r = resolver();
    const cases: Array<[unknown, RegExp]> = [
      [{ Ref: 'Nope' }, /template\.yaml: Res, property Prop: Ref "Nope" is neither a parameter, a pseudo parameter nor a resource/],
      [{ Ref: 'Secret' }, /parameter "Secret" has no Default; pass --parameter-overrides Secret=VALUE/],
      [{ 'Fn::GetAtt': ['Table', 'StreamArn'] }, /Fn::GetAtt Table\.StreamArn is not known locally/],
      [{ 'Fn::GetAtt': ['Ghost', 'Arn'] }, /there is no resource "Ghost"/],
      [{ 'Fn::ImportValue': 'shared-vpc' }, /Fn::ImportValue cannot be resolved locally .*--parameter-overrides/],
      [{ 'Fn::If': ['Missing', 1, 2] }, /condition "Missing" is not declared in Conditions/],
      [{ 'Fn::Select': [5, ['a']] }, /Fn::Select index 5 is outside the list of 1/],
    ];
    for (const [value, pattern] of cases) assert.throws(() => r.resolve(value, at), pattern);
  });
});
