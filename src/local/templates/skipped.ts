// Resources and events a template declares that the local gateway does not serve. They are
// collected and reported as ONE warning line that says what was skipped and why — never silently.
const REASONS: Array<[RegExp, string]> = [
  [/^AWS::IAM::|^AWS::Lambda::Permission$/, 'IAM and Lambda permissions are not enforced locally'],
  [/^AWS::CDK::Metadata$/, 'CDK bookkeeping'],
  [/^AWS::ApiGateway::Account$/, 'account-level settings'],
  [/^AWS::Logs::/, 'function logs go to the StreamGate log instead'],
  [/^AWS::Serverless::HttpApi$|^AWS::ApiGatewayV2::|HttpApi event/, 'HTTP APIs cannot stream responses (REST APIs only)'],
  [/event$/, 'only Api events are served locally'],
];

export class SkippedResources {
  private readonly byReason = new Map<string, string[]>();

  add(what: string, type: string): void {
    const reason = REASONS.find(([re]) => re.test(type))?.[1] ?? 'not emulated locally';
    const list = this.byReason.get(reason) ?? [];
    list.push(`${what} (${type})`);
    this.byReason.set(reason, list);
  }

  /** The single warning line, or undefined when nothing was skipped. */
  warning(file: string): string | undefined {
    if (this.byReason.size === 0) return undefined;
    const count = [...this.byReason.values()].reduce((n, l) => n + l.length, 0);
    const parts = [...this.byReason].map(([reason, items]) => `${items.join(', ')}: ${reason}`);
    return `${file}: skipped ${count} resource${count === 1 ? '' : 's'} — ${parts.join('; ')}`;
  }
}
