// "Select Connection": a quick pick of the local gateway, every AWS profile from the shared
// config and credentials files (SSO marked) with its region, and "Other region…"; plus the
// status bar item that shows the current connection and region. Picking writes the connection
// settings (user scope), and the settings listener reconnects.
import * as vscode from 'vscode';
import type { AwsProfile } from '../core/aws/profiles';
import type { ConnectionManager, ConnectionState } from './connection';
import type { LocalGatewayManager } from './local/localGatewayManager';
import { readSettings } from './platform/settings';

export const SELECT_CONNECTION_COMMAND = 'streamgate.selectConnection';

export type ConnectionPick =
  | { kind: 'local' }
  | { kind: 'auto' }
  | { kind: 'aws'; profile: string; region: string }
  | { kind: 'otherRegion' };

export interface ConnectionPickItem extends vscode.QuickPickItem { pick?: ConnectionPick }

/** The quick pick's items, in order (exported for tests). */
export function connectionPickItems(profiles: AwsProfile[], current: { connection: string; profile: string; region: string }, localDescription: string): ConnectionPickItem[] {
  const isCurrent = (kind: string, profile = ''): boolean =>
    current.connection === kind && (kind !== 'aws' || current.profile === profile);
  const check = (on: boolean) => (on ? ' $(check)' : '');
  const items: ConnectionPickItem[] = [
    { label: `$(vm) Local gateway${check(isCurrent('local'))}`, description: localDescription, detail: 'The embedded local API Gateway with the sample streaming API — no AWS account needed.', pick: { kind: 'local' } },
    { label: `$(sync) Automatic${check(isCurrent('auto'))}`, description: 'AWS when credentials are found, else the local gateway', pick: { kind: 'auto' } },
    { label: 'AWS profiles', kind: vscode.QuickPickItemKind.Separator },
  ];
  for (const p of profiles) {
    const region = p.region ?? current.region;
    items.push({
      label: `$(${p.sso ? 'key' : 'account'}) ${p.name}${check(isCurrent('aws', p.name))}`,
      description: [p.sso ? 'SSO' : undefined, region, p.region ? undefined : '(region not set in the profile)'].filter(Boolean).join(' · '),
      detail: `From ${p.sources.map((s) => (s === 'config' ? 'the shared config file' : 'the shared credentials file')).join(' and ')}`,
      pick: { kind: 'aws', profile: p.name, region },
    });
  }
  if (profiles.length === 0) items.push({ label: '$(info) No profiles in ~/.aws/config or ~/.aws/credentials', description: 'run `aws configure` or `aws configure sso`' });
  items.push({ label: '$(globe) Other region…', description: `AWS in a region you type (now ${current.region})`, pick: { kind: 'otherRegion' } });
  return items;
}

async function writeSettings(values: Record<string, string>): Promise<void> {
  const config = vscode.workspace.getConfiguration('streamgate');
  for (const [key, value] of Object.entries(values)) await config.update(key, value, vscode.ConfigurationTarget.Global);
}

/** Shows the quick pick and applies the choice. Returns what was picked (undefined when dismissed). */
export async function selectConnection(local: LocalGatewayManager): Promise<ConnectionPick | undefined> {
  const s = readSettings();
  // The SDK's ini loader loads when the picker first opens, not at activation.
  const { AWS_REGION_PATTERN, listAwsProfiles } = await import('../core/aws/profiles');
  const profiles = await listAwsProfiles();
  const localDescription = local.current ? local.current.url : local.status === 'stopped' ? 'stopped' : `port ${s.local.port}`;
  const picked = await vscode.window.showQuickPick(connectionPickItems(profiles, s, localDescription), {
    title: 'StreamGate: Select Connection', placeHolder: 'Where the REST APIs tree and the console connect', matchOnDescription: true,
  });
  const pick = picked?.pick;
  if (!pick) return undefined;
  switch (pick.kind) {
    case 'local': await writeSettings({ connection: 'local' }); break;
    case 'auto': await writeSettings({ connection: 'auto' }); break;
    case 'aws': await writeSettings({ connection: 'aws', profile: pick.profile, region: pick.region }); break;
    case 'otherRegion': {
      const region = await vscode.window.showInputBox({
        title: 'StreamGate: AWS region', value: s.region, prompt: 'For example us-east-1, eu-west-1, ap-northeast-1',
        validateInput: (v) => (AWS_REGION_PATTERN.test(v.trim()) ? undefined : 'An AWS region such as us-east-1.'),
      });
      if (!region) return undefined;
      await writeSettings({ connection: 'aws', region: region.trim() });
      break;
    }
  }
  return pick;
}

/** The status bar item naming the current connection and region; click to change it. */
export class ConnectionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('streamgate.connection', vscode.StatusBarAlignment.Left, 51);
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(connections: ConnectionManager) {
    this.item.name = 'StreamGate Connection';
    this.item.command = SELECT_CONNECTION_COMMAND;
    this.subscriptions.push(connections.onDidResolve((state) => this.show(state)), connections.onDidChange(() => this.showPending()));
    this.showPending();
  }

  get text(): string { return this.item.text; }

  /** Before the connection resolves: what the settings ask for. */
  private showPending(): void {
    const s = readSettings();
    this.set(s.connection === 'local' ? 'Local gateway' : s.connection === 'aws' ? `AWS ${s.profile || 'default'} · ${s.region}` : `auto · ${s.region}`, 'Connecting…');
  }

  private show(state: ConnectionState): void {
    if (state.status === 'none') { this.set('Local gateway (stopped)', state.reason); return; }
    const c = state.connection;
    this.set(c.kind === 'local' ? 'Local gateway' : `${c.label} · ${c.region}`, c.kind === 'local' ? `Local API Gateway at ${c.description}` : `AWS API Gateway, ${c.label}, region ${c.region}${c.description !== c.region ? ` via ${c.description}` : ''}`);
  }

  private set(text: string, detail: string): void {
    this.item.text = `$(plug) ${text}`;
    this.item.tooltip = `StreamGate connection: ${text}\n${detail}\n\nClick to select another connection.`;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}
