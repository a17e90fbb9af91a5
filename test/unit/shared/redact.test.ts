import assert from 'node:assert/strict';
import { redactText } from '../../../src/shared/redact';

describe('redactText', () => {
  it('masks AWS keys, signatures, tokens and API keys but keeps the rest readable', () => {
    const text = [
      'accessKeyId AKIAIOSFODNN7EXAMPLE used',
      'Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=0123456789abcdef0123456789abcdef',
      'x-api-key: sk-live-1234567890',
      'Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig',
      'https://x/?X-Amz-Signature=abcdef0123456789abcdef&X-Amz-Security-Token=IQoJb3JpZ2lu',
      '"secretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
    ].join('\n');
    const out = redactText(text);
    for (const secret of ['IOSFODNN7EXAMPLE', '0123456789abcdef0123456789abcdef', 'sk-live-1234567890', 'eyJhbGciOiJIUzI1NiJ9', 'IQoJb3JpZ2lu', 'wJalrXUtnFEMI']) {
      assert.ok(!out.includes(secret), `${secret} leaked: ${out}`);
    }
    assert.match(out, /accessKeyId AKIA\*+ used/);
    assert.match(out, /SignedHeaders=host/, 'non-secret parts stay readable');
  });

  it('masks user:password in URLs, keeping host and path', () => {
    assert.equal(redactText('GET http://alice:s3cret@127.0.0.1:8080/x?a=1'), 'GET http://****@127.0.0.1:8080/x?a=1');
    assert.equal(redactText('https://token@example.com/'), 'https://****@example.com/');
    assert.equal(redactText('mail bob@example.com, see https://example.com/a@b'), 'mail bob@example.com, see https://example.com/a@b');
  });

  it('leaves text without secrets unchanged', () => {
    const text = 'GET /chat 200 STREAM 1532 ms';
    assert.equal(redactText(text), text);
  });
});
