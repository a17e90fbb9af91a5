// Property tests (fast-check): redaction never lets a generated secret through.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { redactHeaders } from '../../../src/core/auth/redact';
import { redactText } from '../../../src/shared/redact';
import { countInputs } from '../../fixtures/propertyInputs';

describe('redaction: properties (fast-check)', () => {
  const counted = countInputs();

  describe('redaction never lets a generated secret through', () => {
    const b64chars = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split(''));
    const alnum = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9]{${min},${max}}$`));
    const secretKey = fc.array(b64chars, { minLength: 40, maxLength: 40 }).map((a) => a.join(''));
    const sessionToken = fc.array(b64chars, { minLength: 100, maxLength: 400 }).map((a) => `IQoJb3JpZ2lu${a.join('')}`);
    const signature = fc.stringMatching(/^[0-9a-f]{64}$/);
    const accessKeyId = fc.tuple(fc.constantFrom('AKIA', 'ASIA'), fc.stringMatching(/^[A-Z0-9]{16}$/)).map(([p, s]) => p + s);
    const jwt = fc.tuple(alnum(10, 40), alnum(20, 200), alnum(20, 60)).map(([h, p, s]) => `eyJ${h}.${p}.${s}`);
    const apiKey = alnum(20, 128);

    it('redactText: SigV4 headers, bearer tokens, API keys, session tokens and presigned URLs in log lines and JSON', () => {
      fc.assert(fc.property(accessKeyId, secretKey, sessionToken, signature, jwt, apiKey, fc.string({ maxLength: 30 }),
        counted('redactText', (akid: string, sk: string, st: string, sig: string, token: string, key: string, noise: string) => {
          const lines = [
            `${noise} Authorization: AWS4-HMAC-SHA256 Credential=${akid}/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=${sig} ${noise}`,
            `authorization: Bearer ${token}`,
            `{"authorization":"Bearer ${token}","x-api-key":"${key}","X-Amz-Security-Token":"${st}"}`,
            `x-api-key: ${key}`,
            `X-Amz-Security-Token: ${st}`,
            `GET https://x.execute-api.us-east-1.amazonaws.com/dev/a?X-Amz-Credential=${akid}%2F20260101&X-Amz-Security-Token=${encodeURIComponent(st)}&X-Amz-Signature=${sig}`,
            `aws_secret_access_key = ${sk}`,
            `aws_session_token=${st}`,
            `{"accessKeyId":"${akid}","secretAccessKey":"${sk}","sessionToken":"${st}"}`,
            `https://api.example.com/cb?access_token=${token}&state=1`,
          ];
          for (const line of lines) {
            const out = redactText(line);
            for (const secret of [sk, st, sig, token, key, akid.slice(4)]) {
              if (line.includes(secret)) assert.ok(!out.includes(secret), `leaked ${secret.slice(0, 12)}… from: ${line.slice(0, 80)}… → ${out.slice(0, 160)}`);
            }
          }
        })), { numRuns: 300 });
    });

    it('redactHeaders: secret headers are masked whatever their case and value', () => {
      const secretName = fc.constantFrom('authorization', 'x-api-key', 'x-amz-security-token', 'proxy-authorization', 'cookie', 'set-cookie')
        .chain((n) => fc.array(fc.boolean(), { minLength: n.length, maxLength: n.length }).map((up) => [...n].map((c, i) => (up[i] ? c.toUpperCase() : c)).join('')));
      const value = fc.oneof(
        fc.tuple(fc.constantFrom('Bearer', 'Basic', 'AWS4-HMAC-SHA256', 'Token'), jwt).map(([s, t]) => ({ shown: `${s} ${t}`, secret: t })),
        apiKey.map((k) => ({ shown: k, secret: k })),
        sessionToken.map((t) => ({ shown: t, secret: t })),
        fc.tuple(alnum(1, 10), alnum(8, 40)).map(([n, v]) => ({ shown: `${n}=${v}`, secret: v })),
      );
      fc.assert(fc.property(secretName, value, fc.dictionary(fc.constantFrom('content-type', 'x-amz-date', 'accept'), fc.string({ maxLength: 20 })),
        counted('redactHeaders', (name: string, v: { shown: string; secret: string }, others: Record<string, string>) => {
          const headers = { ...others, [name]: v.shown };
          const out = redactHeaders(headers);
          assert.ok(!JSON.stringify(out).includes(v.secret), `${name}: ${v.shown} → ${out[name]}`);
          for (const [k, val] of Object.entries(others)) assert.equal(out[k], val, 'non-secret headers unchanged');
        })), { numRuns: 500 });
    });
  });
});
