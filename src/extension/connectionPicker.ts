// "Select Connection": a quick pick of the local gateway, every AWS profile from the shared
// config and credentials files (SSO marked) with its region, and "Other region…"; plus the
// status bar item that shows the current connection and region. Picking writes the connection
// settings (user scope), and the settings listener reconnects.
import * as vscode from 'vscode';
import type { AwsProfile } from '../core/aws/profiles';
import type { ConnectionManager, ConnectionState } from './connection';
import type { LocalGatewayManager } from './local/localGatewayManager';
import { readSettings } from './platform/settings';
import { COMMAND } from './commandIds';


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
    { label: `$(vm) ${vscode.l10n.t('Local gateway')}${check(isCurrent('local'))}`, description: localDescription, detail: vscode.l10n.t('The embedded local API Gateway with the sample streaming API — no AWS account needed.'), pick: { kind: 'local' } },
    { label: `$(sync) ${vscode.l10n.t('Automatic')}${check(isCurrent('auto'))}`, description: vscode.l10n.t('AWS when credentials are found, else the local gateway'), pick: { kind: 'auto' } },
    { label: vscode.l10n.t('AWS profiles'), kind: vscode.QuickPickItemKind.Separator },
  ];
  for (const p of profiles) {
    const region = p.region ?? current.region;
    items.push({
      label: `$(${p.sso ? 'key' : 'account'}) ${p.name}${check(isCurrent('aws', p.name))}`,
      description: [p.sso ? 'SSO' : undefined, region, p.region ? undefined : vscode.l10n.t('(region not set in the profile)')].filter(Boolean).join(' · '),
      detail: profileSourceText(p.sources),
      pick: { kind: 'aws', profile: p.name, region },
    });
  }
  if (profiles.length === 0) items.push({ label: `$(info) ${vscode.l10n.t('No profiles in ~/.aws/config or ~/.aws/credentials')}`, description: vscode.l10n.t('run `aws configure` or `aws configure sso`') });
  items.push({ label: `$(globe) ${vscode.l10n.t('Other region…')}`, description: vscode.l10n.t('AWS in a region you type (now {0})', current.region), pick: { kind: 'otherRegion' } });
  return items;
}

/** Where a profile was read from, as one sentence (whole sentences translate; fragments do not). */
function profileSourceText(sources: AwsProfile['sources']): string {
  const config = sources.includes('config');
  const credentials = sources.includes('credentials');
  if (config && credentials) return vscode.l10n.t('From the shared config file and the shared credentials file');
  return config ? vscode.l10n.t('From the shared config file') : vscode.l10n.t('From the shared credentials file');
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
  const localDescription = local.current ? local.current.url : local.status === 'stopped' ? vscode.l10n.t('stopped') : vscode.l10n.t('port {0}', s.local.port);
  const picked = await vscode.window.showQuickPick(connectionPickItems(profiles, s, localDescription), {
    title: vscode.l10n.t('StreamGate: Select Connection'), placeHolder: vscode.l10n.t('Where the REST APIs tree and the console connect'), matchOnDescription: true,
  });
  const pick = picked?.pick;
  if (!pick) return undefined;
  switch (pick.kind) {
    case 'local': await writeSettings({ connection: 'local' }); break;
    case 'auto': await writeSettings({ connection: 'auto' }); break;
    case 'aws': await writeSettings({ connection: 'aws', profile: pick.profile, region: pick.region }); break;
    case 'otherRegion': {
      const region = await vscode.window.showInputBox({
        title: vscode.l10n.t('StreamGate: AWS region'), value: s.region, prompt: vscode.l10n.t('For example us-east-1, eu-west-1, ap-northeast-1'),
        validateInput: (v) => (AWS_REGION_PATTERN.test(v.trim()) ? undefined : vscode.l10n.t('An AWS region such as us-east-1.')),
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
    this.item.name = vscode.l10n.t('StreamGate Connection');
    this.item.command = COMMAND.selectConnection;
    this.subscriptions.push(connections.onDidResolve((state) => this.show(state)), connections.onDidChange(() => this.showPending()));
    this.showPending();
  }

  get text(): string { return this.item.text; }

  /** Before the connection resolves: what the settings ask for. */
  private showPending(): void {
    const s = readSettings();
    this.set(s.connection === 'local' ? vscode.l10n.t('Local gateway') : s.connection === 'aws' ? `AWS ${s.profile || 'default'} · ${s.region}` : `auto · ${s.region}`, vscode.l10n.t('Connecting…'));
  }

  private show(state: ConnectionState): void {
    if (state.status === 'none') { this.set(vscode.l10n.t('Local gateway (stopped)'), state.reason); return; }
    const c = state.connection;
    const detail = c.kind === 'local' ? vscode.l10n.t('Local API Gateway at {0}', c.description)
      : c.description !== c.region ? vscode.l10n.t('AWS API Gateway, {0}, region {1} via {2}', c.label, c.region, c.description)
      : vscode.l10n.t('AWS API Gateway, {0}, region {1}', c.label, c.region);
    this.set(c.kind === 'local' ? vscode.l10n.t('Local gateway') : `${c.label} · ${c.region}`, detail);
  }

  private set(text: string, detail: string): void {
    this.item.text = `$(plug) ${text}`;
    this.item.tooltip = vscode.l10n.t('StreamGate connection: {0}\n{1}\n\nClick to select another connection.', text, detail);
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}
