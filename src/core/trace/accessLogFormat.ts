// Reading an API Gateway access-log line back into its $context variables, by the stage's own
// accessLogSettings.format: JSON formats by their keys, everything else (CLF, XML, CSV, custom
// text) by matching the format's literal text around each variable. "-" is a missing value.

export type ContextFields = Record<string, string | null>;

const VARIABLE = /\$\{context\.([A-Za-z0-9_.-]+)\}|\$context\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_-]+)*)/g;

const clean = (v: unknown): string | null => (v === undefined || v === null || v === '-' || v === '' ? null : String(v));

/** The variables of one line, or undefined when the line does not have the format's shape. */
export function parseAccessLogLine(format: string, line: string): ContextFields | undefined {
  return format.trim().startsWith('{') ? parseJsonLine(format, line) ?? parseTextLine(format, line) : parseTextLine(format, line);
}

function parseJsonLine(format: string, line: string): ContextFields | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  const out: ContextFields = {};
  // "key": "$context.x" or "key": $context.x (numbers are often left unquoted)
  const pair = /"([^"\\]+)"\s*:\s*"?\s*(?:\$\{context\.([A-Za-z0-9_.-]+)\}|\$context\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_-]+)*))\s*"?/g;
  for (const m of format.matchAll(pair)) out[(m[2] ?? m[3])!] = clean((doc as Record<string, unknown>)[m[1]!]);
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function parseTextLine(format: string, line: string): ContextFields | undefined {
  const names: string[] = [];
  let pattern = '^';
  let last = 0;
  for (const m of format.matchAll(VARIABLE)) {
    pattern += escapeRegExp(format.slice(last, m.index));
    names.push((m[1] ?? m[2])!);
    pattern += '(.*?)';
    last = m.index! + m[0].length;
  }
  pattern += `${escapeRegExp(format.slice(last))}$`;
  const m = new RegExp(pattern, 's').exec(line);
  if (!m) return undefined;
  const out: ContextFields = {};
  names.forEach((n, i) => { out[n] = clean(m[i + 1]); });
  return out;
}

/**
 * A JSON access-log format with every variable the trace reads: the streaming ones
 * ($context.integration.responseTransferMode, timeToAllHeaders, timeToFirstContent), the
 * latencies, and the ids that find the function's REPORT line. Keys are the variable names.
 */
export const STREAMING_ACCESS_LOG_FORMAT = JSON.stringify(Object.fromEntries([
  'requestId', 'requestTimeEpoch', 'stage', 'httpMethod', 'resourcePath', 'path', 'status', 'responseLength', 'responseLatency',
  'integration.status', 'integration.latency', 'integration.requestId', 'integration.responseTransferMode',
  'integration.timeToAllHeaders', 'integration.timeToFirstContent', 'integration.error', 'error.message',
].map((v) => [v, `$context.${v}`])));

/** The UpdateStage patch that turns access logging on with STREAMING_ACCESS_LOG_FORMAT into `destinationArn`. */
export function enableAccessLogPatch(destinationArn: string): Array<{ op: 'replace'; path: string; value: string }> {
  if (!/^arn:aws[\w-]*:(logs|firehose):/.test(destinationArn)) {
    throw new Error(`"${destinationArn}" is not a CloudWatch Logs group (or Firehose stream) ARN, e.g. arn:aws:logs:us-east-1:123456789012:log-group:API-Gateway-Access-Logs`);
  }
  return [
    { op: 'replace', path: '/accessLogSettings/destinationArn', value: destinationArn.replace(/:\*$/, '') },
    { op: 'replace', path: '/accessLogSettings/format', value: STREAMING_ACCESS_LOG_FORMAT },
  ];
}
