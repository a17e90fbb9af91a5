import assert from 'node:assert/strict';
import {
  canStream, lambdaIntegrationUri, lambdaUriForMode, lambdaUriMode, lambdaUriMatchesMode, validateTimeout,
} from '../../../src/core/rules/integrationRules';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:chat';
// The two forms written out once, as AWS documents them; every other test builds its URIs with lambdaIntegrationUri.
const BUFFERED_URI = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FN}/invocations`;
const STREAM_URI = `arn:aws:apigateway:us-east-1:lambda:path/2021-11-15/functions/${FN}/response-streaming-invocations`;

describe('integration rules', () => {
  it('only proxy integrations can stream', () => {
    assert.equal(canStream('HTTP_PROXY'), true);
    assert.equal(canStream('AWS_PROXY'), true);
    for (const t of ['MOCK', 'HTTP', 'AWS']) assert.equal(canStream(t), false, t);
  });

  it('bounds timeouts by mode with AWS wording', () => {
    assert.equal(validateTimeout('BUFFERED', 29_000), undefined);
    assert.equal(validateTimeout('BUFFERED', 29_001), 'Timeout should be between 50 ms and 29000 ms');
    assert.equal(validateTimeout('STREAM', 900_000), undefined);
    assert.equal(validateTimeout('STREAM', 900_001), 'Timeout should be between 50 ms and 900000 ms');
    assert.equal(validateTimeout('STREAM', 49), 'Timeout should be between 50 ms and 900000 ms');
    assert.match(validateTimeout('STREAM', 1.5) ?? '', /whole number/);
    assert.equal(validateTimeout('BUFFERED', 60_000, 60_000), undefined, 'raised quota');
  });

  it('builds the Lambda URI a mode needs, in any partition', () => {
    assert.equal(lambdaIntegrationUri('us-east-1', FN, 'BUFFERED'), BUFFERED_URI);
    assert.equal(lambdaIntegrationUri('us-east-1', FN, 'STREAM'), STREAM_URI);
    assert.equal(lambdaIntegrationUri('cn-north-1', 'arn:aws-cn:lambda:cn-north-1:1:function:f', 'STREAM', 'aws-cn'),
      'arn:aws-cn:apigateway:cn-north-1:lambda:path/2021-11-15/functions/arn:aws-cn:lambda:cn-north-1:1:function:f/response-streaming-invocations');
  });

  it('rewrites Lambda URIs between the buffered and streaming forms', () => {
    assert.equal(lambdaUriForMode(BUFFERED_URI, 'STREAM'), STREAM_URI);
    assert.equal(lambdaUriForMode(STREAM_URI, 'BUFFERED'), BUFFERED_URI);
    assert.equal(lambdaUriForMode(STREAM_URI, 'STREAM'), STREAM_URI);
    assert.equal(lambdaUriMode(STREAM_URI), 'STREAM');
    assert.equal(lambdaUriMatchesMode(BUFFERED_URI, 'STREAM'), false);
    assert.equal(lambdaUriForMode('https://example.com/x', 'STREAM'), 'https://example.com/x');
  });
});
