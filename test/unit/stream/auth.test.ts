import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyAuth, AuthError, redactHeaders, regionFromInvokeUrl, signExecuteApiRequest } from '../../../src/core/auth';
import { runRequest } from '../../../src/core/stream/engine';
import { listen } from '../../fixtures/servers';

const CREDS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session-token-value' };

/**
 * An independent SigV4 verifier (written from the AWS spec, not from the signer under test):
 * rebuilds the canonical request from what the server received and checks the signature.
 */
function verifySigV4(req: { method: string; rawPath: string; headers: Record<string, string>; body: Buffer }, secret: string): boolean {
  const auth = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/
    .exec(req.headers.authorization ?? '');
  if (!auth) return false;
  const [, , date, region, service, signedHeaders, signature] = auth;
  const [path, query = ''] = req.rawPath.split('?');
  const canonicalUri = path!.split('/').map((seg) => encodeURIComponent(seg)).join('/');
  const canonicalQuery = query === '' ? '' : query.split('&').map((kv) => {
    const [k, v = ''] = kv.split('=');
    return [encodeURIComponent(decodeURIComponent(k!)), encodeURIComponent(decodeURIComponent(v))];
  }).sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : a[1]! < b[1]! ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join('&');
  const names = signedHeaders!.split(';');
  const canonicalHeaders = names.map((n) => `${n}:${(req.headers[n] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const payloadHash = createHash('sha256').update(req.body).digest('hex');
  const canonicalRequest = [req.method, canonicalUri, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', req.headers['x-amz-date'], scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  let key: Buffer = createHmac('sha256', `AWS4${secret}`).update(date!).digest();
  for (const part of [region!, service!, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  return createHmac('sha256', key).update(stringToSign).digest('hex') === signature;
}

describe('auth: SigV4 for execute-api', () => {
  it('signs with service execute-api and the region of the invoke URL', async () => {
    const signed = await signExecuteApiRequest(
      { method: 'GET', url: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/chat?stream=1', headers: { accept: 'text/event-stream' } },
      { credentials: CREDS, signingDate: new Date('2025-01-02T03:04:05Z') });
    const h = signed.headers!;
    assert.match(h.authorization!, /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20250102\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/);
    assert.equal(h['x-amz-date'], '20250102T030405Z');
    assert.equal(h['x-amz-security-token'], 'session-token-value');
    assert.equal(h.host, 'abc123.execute-api.eu-west-1.amazonaws.com');
    assert.equal(h.accept, 'text/event-stream', 'caller headers are kept');
  });

  it('produces a signature an independent verifier accepts, end to end through the engine', async () => {
    let verdict: boolean | undefined;
    const server = await listen((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (d: Buffer) => parts.push(d));
      req.on('end', () => {
        verdict = verifySigV4({ method: req.method!, rawPath: req.url!, headers: req.headers as Record<string, string>, body: Buffer.concat(parts) }, CREDS.secretAccessKey);
        res.writeHead(verdict ? 200 : 403).end();
      });
    });
    try {
      const spec = await applyAuth({ method: 'POST', url: `${server.url}/prod/items/a%20b?z=2&a=1`, body: '{"q":"streaming?"}', headers: { 'content-type': 'application/json' } },
        { kind: 'iam', region: 'us-east-1', credentials: CREDS });
      const result = await runRequest(spec);
      assert.equal(verdict, true, 'server-side verification');
      assert.equal(result.status, 200);

      // A tampered body must fail the same verifier (the check is not vacuous).
      const tampered = await runRequest({ ...spec, body: '{"q":"changed"}' });
      assert.equal(verdict, false);
      assert.equal(tampered.status, 403);
    } finally {
      await server.close();
    }
  });

  it('takes credentials from a named profile through the provider chain', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sg-aws-'));
    const saved = { creds: process.env.AWS_SHARED_CREDENTIALS_FILE, config: process.env.AWS_CONFIG_FILE };
    try {
      await writeFile(join(dir, 'credentials'), '[sg-test]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = secret\n');
      await writeFile(join(dir, 'config'), '');
      process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
      process.env.AWS_CONFIG_FILE = join(dir, 'config');
      const signed = await applyAuth({ method: 'GET', url: 'https://x1.execute-api.ap-south-1.amazonaws.com/dev/' }, { kind: 'iam', profile: 'sg-test' });
      assert.match(signed.headers!.authorization!, /Credential=AKIDPROFILE\/\d{8}\/ap-south-1\/execute-api\//);
      assert.equal(signed.headers!['x-amz-security-token'], undefined);
    } finally {
      if (saved.creds === undefined) delete process.env.AWS_SHARED_CREDENTIALS_FILE; else process.env.AWS_SHARED_CREDENTIALS_FILE = saved.creds;
      if (saved.config === undefined) delete process.env.AWS_CONFIG_FILE; else process.env.AWS_CONFIG_FILE = saved.config;
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('asks for a region when the host is not an execute-api host', async () => {
    await assert.rejects(applyAuth({ method: 'GET', url: 'https://api.example.com/chat' }, { kind: 'iam', credentials: CREDS }),
      (err: unknown) => err instanceof AuthError && /cannot tell the AWS region from "api\.example\.com".*set the region/.test(err.message));
    assert.equal(regionFromInvokeUrl('https://a1.execute-api.us-gov-west-1.amazonaws.com/x'), 'us-gov-west-1');
    assert.equal(regionFromInvokeUrl('https://a1-vpce-0abc.execute-api.eu-central-1.vpce.amazonaws.com/'), 'eu-central-1');
    assert.equal(regionFromInvokeUrl('https://example.com/'), undefined);
  });
});

describe('auth: API key, bearer, custom headers', () => {
  const base = { method: 'GET', url: 'https://h.example/', headers: { Accept: '*/*', 'X-API-Key': 'old' } };

  it('puts the API key in x-api-key, replacing any differently-cased one', async () => {
    const spec = await applyAuth(base, { kind: 'apiKey', apiKey: '  k-123 ' });
    assert.deepEqual(spec.headers, { Accept: '*/*', 'x-api-key': 'k-123' });
    assert.deepEqual(base.headers, { Accept: '*/*', 'X-API-Key': 'old' }, 'the input spec is not mutated');
  });

  it('adds a bearer token once, even when pasted with its scheme', async () => {
    assert.equal((await applyAuth(base, { kind: 'bearer', token: 'Bearer abc.def' })).headers!.authorization, 'Bearer abc.def');
  });

  it('adds custom headers and rejects names or values that would break the request', async () => {
    assert.equal((await applyAuth(base, { kind: 'custom', headers: { 'x-tenant': 't1' } })).headers!['x-tenant'], 't1');
    await assert.rejects(applyAuth(base, { kind: 'custom', headers: { 'bad name': 'v' } }), /invalid header name "bad name"/);
    await assert.rejects(applyAuth(base, { kind: 'custom', headers: { 'x-a': 'v\r\nx-b: injected' } }), /line break/);
    await assert.rejects(applyAuth(base, { kind: 'apiKey', apiKey: ' ' }), /API key is empty/);
    assert.equal(await applyAuth(base, { kind: 'none' }), base);
  });
});

describe('redactHeaders', () => {
  it('masks secrets for logs and exports but keeps what helps debugging', () => {
    const redacted = redactHeaders({
      Authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20250101/eu-west-1/execute-api/aws4_request, Signature=abc',
      'x-api-key': 'supersecret',
      'X-Amz-Security-Token': 'tok',
      cookie: 'session=s3cr3t; theme=dark',
      'set-cookie': 'sid=abc; Path=/; HttpOnly',
      'content-type': 'application/json',
      'x-amz-date': '20250101T000000Z',
    });
    assert.deepEqual(redacted, {
      Authorization: 'AWS4-HMAC-SHA256 ****',
      'x-api-key': '****',
      'X-Amz-Security-Token': '****',
      cookie: 'session=****; theme=****',
      'set-cookie': 'sid=****; Path=/; HttpOnly',
      'content-type': 'application/json',
      'x-amz-date': '20250101T000000Z',
    });
    const serialized = JSON.stringify(redacted);
    for (const secret of ['supersecret', 'tok"', 's3cr3t', 'Signature=abc', 'AKID/']) assert.ok(!serialized.includes(secret), secret);
    assert.equal(redactHeaders({ authorization: 'Bearer abc' }).authorization, 'Bearer ****');
  });
});
