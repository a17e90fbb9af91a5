// Access logs as a stage's accessLogSettings.format defines them: $context variables (CLF, JSON,
// XML, CSV or any custom text) filled with measured values, "-" for values a request does not
// have. Each line goes to the log callback (the extension's "StreamGate Local Gateway" channel)
// and, when a folder is configured, as one JSON object per line to {folder}/{apiId}-{stage}.jsonl.
import { appendFile, mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { logGroupFromArn, type LocalLogGroups } from '../logs/logGroups';

export type ContextValues = Record<string, string | number | boolean | undefined | null>;

/** AWS's example formats (API Gateway console "CLF", "JSON", "XML", "CSV"), used by tests and docs. */
export const ACCESS_LOG_FORMATS = {
  CLF: '$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime] "$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength $context.requestId',
  JSON: '{ "requestId":"$context.requestId", "ip": "$context.identity.sourceIp", "caller":"$context.identity.caller", "user":"$context.identity.user","requestTime":"$context.requestTime", "httpMethod":"$context.httpMethod","resourcePath":"$context.resourcePath", "status":"$context.status","protocol":"$context.protocol", "responseLength":"$context.responseLength" }',
  XML: '<request id="$context.requestId"> <ip>$context.identity.sourceIp</ip> <caller>$context.identity.caller</caller> <user>$context.identity.user</user> <requestTime>$context.requestTime</requestTime> <httpMethod>$context.httpMethod</httpMethod> <resourcePath>$context.resourcePath</resourcePath> <status>$context.status</status> <protocol>$context.protocol</protocol> <responseLength>$context.responseLength</responseLength> </request>',
  CSV: '$context.identity.sourceIp,$context.identity.caller,$context.identity.user,$context.requestTime,$context.httpMethod,$context.resourcePath,$context.protocol,$context.status,$context.responseLength,$context.requestId',
} as const;

/** Replaces $context.a.b and ${context.a.b}; variables a request has no value for print "-". */
export function formatAccessLog(format: string, values: ContextValues): string {
  return format.replace(/\$\{context\.([A-Za-z0-9_.-]+)\}|\$context\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_-]+)*)/g, (_all, a?: string, b?: string) => {
    const v = values[(a ?? b)!];
    return v === undefined || v === null || v === '' ? '-' : String(v);
  });
}

export interface AccessLogEntry {
  apiId: string;
  stage: string;
  line: string;
  context: ContextValues;
  /** The stage's accessLogSettings.destinationArn: the line also goes to that CloudWatch log group. */
  destinationArn?: string;
}

export class AccessLogSink {
  private readonly ready = new Map<string, Promise<unknown>>();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly log: (line: string) => void, private readonly dir?: string, private readonly groups?: LocalLogGroups) {}

  write(entry: AccessLogEntry): void {
    this.log(entry.line);
    const group = entry.destinationArn && logGroupFromArn(entry.destinationArn);
    if (group && this.groups) {
      const at = typeof entry.context.requestTimeEpoch === 'number' ? entry.context.requestTimeEpoch : Date.now();
      this.groups.put(group, `${safeName(entry.apiId)}_${safeName(entry.stage)}`, at, entry.line);
    }
    if (!this.dir) return;
    const dir = this.dir;
    const file = path.join(dir, `${safeName(entry.apiId)}-${safeName(entry.stage)}.jsonl`);
    const json = JSON.stringify({ line: entry.line, ...entry.context }) + '\n';
    let made = this.ready.get(dir);
    if (!made) { made = mkdir(dir, { recursive: true }); this.ready.set(dir, made); }
    // One append at a time keeps lines whole and in order.
    this.chain = this.chain.then(() => made).then(() => appendFile(file, json)).catch((err: unknown) => this.log(`[access-log] could not write ${file}: ${(err as Error).message}`));
  }

  /** Resolves when every line so far is on disk. */
  flush(): Promise<void> { return this.chain.then(() => undefined); }

  fileFor(apiId: string, stage: string): string | undefined {
    return this.dir ? path.join(this.dir, `${safeName(apiId)}-${safeName(stage)}.jsonl`) : undefined;
  }
}

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]/g, '_');
}
