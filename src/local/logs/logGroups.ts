// The local gateway's CloudWatch Logs: its own access logs (the log group a stage's
// accessLogSettings.destinationArn names) and its functions' logs (/aws/lambda/NAME, with the
// START / END / REPORT lines Lambda writes), in memory and bounded, so the CloudWatch Logs API
// (./logsApi.ts) can serve them to the real SDK exactly as AWS would. Events may be made visible
// only after a delivery delay, as CloudWatch's are (tests use it for "the log arrives late").

export interface LogEvent {
  logStreamName: string;
  timestamp: number;
  message: string;
  ingestionTime: number;
  eventId: string;
}

interface LogGroup { name: string; creationTime: number; events: LogEvent[]; streams: Map<string, { creationTime: number }> }

/** Events kept per log group (oldest dropped first) and log groups kept. */
export const MAX_EVENTS_PER_GROUP = 20_000;
const MAX_GROUPS = 500;

/** The log group an access-log destination ARN names: arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]. */
export function logGroupFromArn(arn: string): string | undefined {
  const m = /^arn:aws[\w-]*:logs:[^:]*:[^:]*:log-group:(.+?)(?::\*)?$/.exec(arn.trim());
  return m?.[1];
}

export class LocalLogGroups {
  private readonly groups = new Map<string, LogGroup>();
  private seq = 0;

  constructor(private readonly deliveryDelayMs = 0, private readonly now: () => number = Date.now) {}

  put(groupName: string, streamName: string, timestamp: number, message: string): void {
    let g = this.groups.get(groupName);
    const now = this.now();
    if (!g) {
      g = { name: groupName, creationTime: now, events: [], streams: new Map() };
      this.groups.set(groupName, g);
      if (this.groups.size > MAX_GROUPS) this.groups.delete(this.groups.keys().next().value!);
    }
    if (!g.streams.has(streamName)) g.streams.set(streamName, { creationTime: now });
    this.seq++;
    g.events.push({ logStreamName: streamName, timestamp: Math.floor(timestamp), message, ingestionTime: now + this.deliveryDelayMs, eventId: String(this.seq).padStart(20, '0') });
    if (g.events.length > MAX_EVENTS_PER_GROUP) g.events.splice(0, g.events.length - MAX_EVENTS_PER_GROUP);
  }

  groupNames(): Array<{ name: string; creationTime: number; storedBytes: number }> {
    return [...this.groups.values()].sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((g) => ({ name: g.name, creationTime: g.creationTime, storedBytes: g.events.reduce((n, e) => n + e.message.length, 0) }));
  }

  has(groupName: string): boolean {
    return this.groups.has(groupName);
  }

  streams(groupName: string): Array<{ name: string; creationTime: number }> {
    return [...(this.groups.get(groupName)?.streams ?? new Map<string, { creationTime: number }>()).entries()].map(([name, s]) => ({ name, creationTime: s.creationTime }));
  }

  /** The events delivered so far (ingestion time passed), in time order. */
  delivered(groupName: string): LogEvent[] {
    const now = this.now();
    const events = (this.groups.get(groupName)?.events ?? []).filter((e) => e.ingestionTime <= now);
    return events.sort((a, b) => a.timestamp - b.timestamp || (a.eventId < b.eventId ? -1 : 1));
  }
}
