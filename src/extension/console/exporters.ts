// Exports of a run (JSON, HAR 1.2) and copies of a request (curl, fetch-reader JavaScript).
// Runs come from history, already redacted. Copies never contain the stored API key or a bearer
// token: they read them from environment variables instead. No `vscode` import (unit-tested).
import type { PhaseTimings } from '../../shared/timeline';
import type { RequestDraft, StoredRun } from '../../shared/protocol';
import { regionFromInvokeUrl } from '../../core/auth';

export const API_KEY_ENV = 'STREAMGATE_API_KEY';
export const TOKEN_ENV = 'STREAMGATE_TOKEN';

export function runToJson(run: StoredRun): string {
  return JSON.stringify({ format: 'streamgate-run', version: 1, ...run }, null, 2);
}

const duration = (from: number | null, to: number | null): number =>
  from !== null && to !== null && to >= from ? round(to - from) : -1;
const round = (ms: number): number => Math.round(ms * 1000) / 1000;

/** HAR timings are consecutive durations; StreamGate's marks are times since start. */
export function harTimings(t: PhaseTimings): Record<string, number> {
  const connectStart = t.dnsMs ?? 0;
  const sendStart = t.tlsMs ?? t.connectMs ?? t.dnsMs ?? 0;
  return {
    blocked: -1,
    dns: t.dnsMs === null ? -1 : round(t.dnsMs),
    // HAR's connect includes the TLS handshake; ssl repeats that part on its own.
    connect: duration(connectStart, t.tlsMs ?? t.connectMs),
    ssl: duration(t.connectMs, t.tlsMs),
    send: duration(sendStart, t.requestSentMs),
    wait: duration(t.requestSentMs ?? sendStart, t.headersMs),
    receive: duration(t.headersMs, t.endMs),
  };
}

const harHeaders = (h: Record<string, string>) => Object.entries(h).map(([name, value]) => ({ name, value }));

export function runToHar(run: StoredRun, creatorVersion: string): string {
  const contentType = Object.entries(run.responseHeaders).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  const url = safeUrl(run.request.url);
  const entry = {
    startedDateTime: new Date(run.startedAt).toISOString(),
    time: run.timing.endMs === null ? -1 : round(run.timing.endMs),
    request: {
      method: run.request.method, url: run.request.url, httpVersion: 'HTTP/1.1', cookies: [],
      headers: harHeaders(run.request.headers),
      queryString: url ? [...url.searchParams].map(([name, value]) => ({ name, value })) : [],
      headersSize: -1, bodySize: run.request.body === undefined ? 0 : Buffer.byteLength(run.request.body),
      ...(run.request.body !== undefined ? { postData: { mimeType: run.request.headers['content-type'] ?? '', text: run.request.body } } : {}),
    },
    response: {
      status: run.summary.status ?? 0, statusText: '', httpVersion: 'HTTP/1.1', cookies: [],
      headers: harHeaders(run.responseHeaders),
      // The body is not kept in history; its size and timeline are.
      content: { size: run.summary.bytes, mimeType: contentType, comment: 'body not included (use Save body)' },
      redirectURL: '', headersSize: -1, bodySize: run.summary.bytes,
    },
    cache: {},
    timings: harTimings(run.timing),
    _streamgate: {
      outcome: run.summary.outcome, error: run.error, errorReason: run.summary.errorReason, mode: run.summary.mode, arrival: run.summary.arrival,
      ttfbMs: run.summary.ttfbMs, chunkCount: run.summary.chunkCount, chunks: run.marks, chunksDownsampled: run.marksDownsampled,
    },
  };
  return JSON.stringify({ log: { version: '1.2', creator: { name: 'StreamGate', version: creatorVersion }, entries: [entry] } }, null, 2);
}

function safeUrl(s: string): URL | undefined {
  try { return new URL(s); } catch { return undefined; }
}

/** POSIX shell single-quoting: safe for any string. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function enabledHeaders(draft: RequestDraft): [string, string][] {
  return draft.headers.filter((h) => h.enabled && h.name.trim() !== '').map((h) => [h.name.trim(), h.value]);
}

export function requestToCurl(draft: RequestDraft): string {
  // One option per line so a long request stays readable in a terminal.
  const options: string[] = [];
  for (const [name, value] of enabledHeaders(draft)) options.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  switch (draft.auth.kind) {
    case 'apiKey': options.push(`-H "x-api-key: $${API_KEY_ENV}"`); break;
    case 'bearer': options.push(`-H "Authorization: Bearer $${TOKEN_ENV}"`); break;
    case 'iam': {
      const region = draft.auth.region || regionFromInvokeUrl(draft.url) || 'us-east-1';
      options.push(`--aws-sigv4 ${shellQuote(`aws:amz:${region}:execute-api`)}`, '--user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"',
        '-H "x-amz-security-token: $AWS_SESSION_TOKEN"');
      break;
    }
    case 'none': break;
  }
  if (draft.body !== '') options.push(`--data-binary ${shellQuote(draft.body)}`);
  return [`curl --no-buffer -sS -X ${shellQuote(draft.method.toUpperCase())} ${shellQuote(draft.url)}`, ...options].join(' \\\n  ');
}

export function requestToFetchReader(draft: RequestDraft): string {
  const headerLines = enabledHeaders(draft).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  if (draft.auth.kind === 'apiKey') headerLines.push(`    'x-api-key': process.env.${API_KEY_ENV},`);
  if (draft.auth.kind === 'bearer') headerLines.push(`    authorization: \`Bearer \${process.env.${TOKEN_ENV}}\`,`);
  const lines = [
    `// Streams ${draft.method.toUpperCase()} ${draft.url} and prints every chunk with its arrival time.`,
    '// Node 18+ (save as .mjs) or a browser console.',
  ];
  if (draft.auth.kind === 'iam') {
    lines.push('// This method uses IAM auth: sign the request with SigV4 for "execute-api" (e.g. with aws4fetch) before sending.');
  }
  lines.push(
    'const t0 = performance.now();',
    `const res = await fetch(${JSON.stringify(draft.url)}, {`,
    `  method: ${JSON.stringify(draft.method.toUpperCase())},`,
    '  headers: {', ...headerLines, '  },',
    ...(draft.body !== '' ? [`  body: ${JSON.stringify(draft.body)},`] : []),
    '});',
    "console.log(res.status, `headers at +${(performance.now() - t0).toFixed(1)} ms`);",
    'const reader = res.body.getReader();',
    'const decoder = new TextDecoder();',
    'for (;;) {',
    '  const { done, value } = await reader.read();',
    '  if (done) break;',
    "  console.log(`+${(performance.now() - t0).toFixed(1)} ms  ${value.byteLength} B`, decoder.decode(value, { stream: true }));",
    '}',
    "console.log(`end at +${(performance.now() - t0).toFixed(1)} ms`);",
  );
  return lines.join('\n');
}
