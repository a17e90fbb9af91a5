// The CloudWatch Logs API (JSON 1.1: POST / with X-Amz-Target: Logs_20140328.Operation) over the
// gateway's own logs: DescribeLogGroups, DescribeLogStreams, FilterLogEvents and GetLogEvents, as
// @aws-sdk/client-cloudwatch-logs sends them. Behind the control plane's loopback guard. Bad input
// answers InvalidParameterException / ResourceNotFoundException (400), as AWS does.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError, toAwsError } from '../http/awsError';
import { readBody, sendAwsError, sendJson } from '../http/io';
import { compileFilterPattern, FilterPatternError } from './filterPattern';
import type { LocalLogGroups, LogEvent } from './logGroups';

export const LOGS_TARGET_PREFIX = 'Logs_20140328.';
const JSON_11 = { 'Content-Type': 'application/x-amz-json-1.1' };
const MAX_LIMIT = 10_000;

export function isLogsApiRequest(req: IncomingMessage, pathname: string): boolean {
  return req.method === 'POST' && pathname === '/' && String(req.headers['x-amz-target'] ?? '').startsWith(LOGS_TARGET_PREFIX);
}

const invalid = (message: string) => new AwsError(400, 'InvalidParameterException', message);
const notFound = (message: string) => new AwsError(400, 'ResourceNotFoundException', message);

type Input = Record<string, unknown>;

function str(input: Input, key: string): string | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalid(`${key} must be a string`);
  return v;
}

function int(input: Input, key: string, min: number, max: number): number | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw invalid(`${key} must be a whole number from ${min} to ${max}`);
  return v;
}

/** A group name or ARN (logGroupIdentifier), which must exist. */
function groupOf(input: Input, groups: LocalLogGroups): string {
  const id = str(input, 'logGroupName') ?? str(input, 'logGroupIdentifier');
  if (!id) throw invalid('logGroupName is required');
  const name = /^arn:aws[\w-]*:logs:[^:]*:[^:]*:log-group:(.+?)(?::\*)?$/.exec(id)?.[1] ?? id;
  if (!groups.has(name)) throw notFound(`The specified log group does not exist: ${name} (the local gateway has its stages' access-log groups and /aws/lambda/NAME of the functions it ran)`);
  return name;
}

function offsetOf(token: string | undefined): number {
  if (token === undefined) return 0;
  const m = /^o(\d+)$/.exec(token);
  if (!m) throw invalid('The nextToken is not one this gateway issued');
  return Number(m[1]);
}

function page<T>(items: T[], token: string | undefined, limit: number): { items: T[]; next?: string } {
  const from = offsetOf(token);
  const slice = items.slice(from, from + limit);
  return from + limit < items.length ? { items: slice, next: `o${from + limit}` } : { items: slice };
}

function inWindow(input: Input): (e: LogEvent) => boolean {
  const start = int(input, 'startTime', 0, Number.MAX_SAFE_INTEGER);
  const end = int(input, 'endTime', 0, Number.MAX_SAFE_INTEGER);
  return (e) => (start === undefined || e.timestamp >= start) && (end === undefined || e.timestamp <= end);
}

const operations: Record<string, (input: Input, groups: LocalLogGroups) => unknown> = {
  DescribeLogGroups(input, groups) {
    const prefix = str(input, 'logGroupNamePrefix') ?? '';
    const all = groups.groupNames().filter((g) => g.name.startsWith(prefix));
    const { items, next } = page(all, str(input, 'nextToken'), int(input, 'limit', 1, 50) ?? 50);
    return {
      logGroups: items.map((g) => ({ logGroupName: g.name, creationTime: g.creationTime, metricFilterCount: 0, storedBytes: g.storedBytes,
        arn: `arn:aws:logs:us-east-1:123456789012:log-group:${g.name}:*`, logGroupArn: `arn:aws:logs:us-east-1:123456789012:log-group:${g.name}` })),
      ...(next ? { nextToken: next } : {}),
    };
  },
  DescribeLogStreams(input, groups) {
    const name = groupOf(input, groups);
    const prefix = str(input, 'logStreamNamePrefix') ?? '';
    const streams = groups.streams(name).filter((s) => s.name.startsWith(prefix));
    const { items, next } = page(streams, str(input, 'nextToken'), int(input, 'limit', 1, 50) ?? 50);
    return { logStreams: items.map((s) => ({ logStreamName: s.name, creationTime: s.creationTime, arn: `arn:aws:logs:us-east-1:123456789012:log-group:${name}:log-stream:${s.name}` })), ...(next ? { nextToken: next } : {}) };
  },
  FilterLogEvents(input, groups) {
    const name = groupOf(input, groups);
    let match;
    try {
      match = compileFilterPattern(str(input, 'filterPattern'));
    } catch (err) {
      if (err instanceof FilterPatternError) throw invalid(err.message);
      throw err;
    }
    const streams = input.logStreamNames;
    if (streams !== undefined && !(Array.isArray(streams) && streams.every((s) => typeof s === 'string'))) throw invalid('logStreamNames must be a list of strings');
    const streamPrefix = str(input, 'logStreamNamePrefix');
    if (streams && streamPrefix !== undefined) throw invalid('logStreamNames and logStreamNamePrefix cannot both be given');
    const window = inWindow(input);
    const events = groups.delivered(name).filter((e) => window(e) && (!streams || (streams as string[]).includes(e.logStreamName))
      && (streamPrefix === undefined || e.logStreamName.startsWith(streamPrefix)) && match(e.message));
    const { items, next } = page(events, str(input, 'nextToken'), int(input, 'limit', 1, MAX_LIMIT) ?? MAX_LIMIT);
    return { events: items, searchedLogStreams: [], ...(next ? { nextToken: next } : {}) };
  },
  GetLogEvents(input, groups) {
    const name = groupOf(input, groups);
    const stream = str(input, 'logStreamName');
    if (!stream) throw invalid('logStreamName is required');
    if (!groups.streams(name).some((s) => s.name === stream)) throw notFound(`The specified log stream does not exist: ${stream}`);
    const window = inWindow(input);
    const events = groups.delivered(name).filter((e) => e.logStreamName === stream && window(e));
    const limit = int(input, 'limit', 1, MAX_LIMIT) ?? MAX_LIMIT;
    const token = str(input, 'nextToken');
    const fromHead = input.startFromHead === true;
    // Forward tokens page towards the newest events; without a token, the newest `limit` (or the oldest with startFromHead).
    const from = token !== undefined ? offsetOf(token.replace(/^f\//, '')) : fromHead ? 0 : Math.max(0, events.length - limit);
    const slice = events.slice(from, from + limit);
    return {
      events: slice.map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime })),
      nextForwardToken: `f/o${from + slice.length}`,
      nextBackwardToken: `b/o${Math.max(0, from - limit)}`,
    };
  },
};

export async function handleLogsApi(req: IncomingMessage, res: ServerResponse, groups: LocalLogGroups, requestId: string): Promise<void> {
  try {
    const op = String(req.headers['x-amz-target']).slice(LOGS_TARGET_PREFIX.length);
    const body = await readBody(req, 1024 * 1024);
    const run = Object.prototype.hasOwnProperty.call(operations, op) ? operations[op] : undefined;
    if (!run) throw new AwsError(400, 'UnknownOperationException', `The local gateway serves DescribeLogGroups, DescribeLogStreams, FilterLogEvents and GetLogEvents, not ${op}`);
    let input: unknown;
    try {
      input = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      throw new AwsError(400, 'SerializationException', 'The request body is not JSON');
    }
    if (!input || typeof input !== 'object' || Array.isArray(input)) throw new AwsError(400, 'SerializationException', 'The request body must be a JSON object');
    sendJson(res, 200, run(input as Input, groups), requestId, JSON_11);
  } catch (err) {
    sendAwsError(res, toAwsError(err), requestId);
  }
}
