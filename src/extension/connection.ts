// Decides which API Gateway the tree and console talk to — AWS (profile + region, optional
// endpoint override) or the embedded local gateway — and builds the control-plane service.
import * as vscode from 'vscode';
import { invokeUrl } from '../core/controlplane/invokeUrl';
import type { ControlPlaneService } from '../core/controlplane/service';
import type { LocalGatewayManager } from './local/localGatewayManager';
import { readSettings } from './platform/settings';

export interface Connection {
  kind: 'aws' | 'local';
  /** Shown on the tree's root node. */
  label: string;
  description: string;
  region: string;
  service: ControlPlaneService;
  invokeUrl(apiId: string, stage: string, path: string): string;
}

export type ConnectionState =
  | { status: 'connected'; connection: Connection }
  | { status: 'none'; reason: string };

/** True when the default AWS credential chain (env, profiles, SSO, …) yields credentials quickly. */
async function awsCredentialsAvailable(profile: string): Promise<boolean> {
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
  const provider = fromNodeProviderChain({ ...(profile ? { profile } : {}), timeout: 1000, maxRetries: 0 });
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3000));
  return Promise.race([provider().then(() => true, () => false), timeout]);
}

export class ConnectionManager implements vscode.Disposable {
  private state: Promise<ConnectionState> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly resolved = new vscode.EventEmitter<ConnectionState>();
  /** Fires each time a connection has been resolved (the status bar shows it). */
  readonly onDidResolve = this.resolved.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly local: LocalGatewayManager, private readonly log: vscode.LogOutputChannel) {
    this.subscriptions.push(local.onDidChange(() => this.reset()));
  }

  /** Forget the resolved connection (settings changed, gateway started/stopped, user asked). */
  reset(): void {
    this.state = undefined;
    this.changed.fire();
  }

  resolve(): Promise<ConnectionState> {
    if (!this.state) {
      const state = this.doResolve();
      this.state = state;
      void state.then((s) => { if (this.state === state) this.resolved.fire(s); }, () => undefined);
    }
    return this.state;
  }

  private async doResolve(): Promise<ConnectionState> {
    const s = readSettings();
    // The AWS SDK loads on the first tree expansion, not at activation.
    const [{ createApiGatewayClient, createApiGatewayV2Client }, { ControlPlaneService }] = await Promise.all([
      import('../core/controlplane/client'), import('../core/controlplane/service'),
    ]);
    let target = s.connection;
    if (target === 'auto') {
      target = s.endpoint || (await awsCredentialsAvailable(s.profile)) ? 'aws' : 'local';
      this.log.info(`Connection "auto" resolved to ${target === 'aws' ? 'AWS' : 'the local gateway (no AWS credentials found)'}`);
    }
    if (target === 'aws') {
      const config = { region: s.region, ...(s.profile ? { profile: s.profile } : {}), ...(s.endpoint ? { endpoint: s.endpoint } : {}) };
      const client = createApiGatewayClient(config);
      const service = new ControlPlaneService(client, { bufferedTimeoutQuotaMs: s.bufferedTimeoutQuotaMs, v2Client: memo(() => createApiGatewayV2Client(config)) });
      return {
        status: 'connected',
        connection: {
          kind: 'aws', label: `AWS ${s.profile || 'default'}`, description: s.endpoint || s.region, region: s.region, service,
          invokeUrl: (apiId, stage, path) => invokeUrl(apiId, s.region, stage, path, s.endpoint || undefined),
        },
      };
    }
    let gateway = this.local.current;
    // A gateway the user stopped stays stopped: auto-start is for a gateway never started.
    if (!gateway && s.local.autoStart && !this.local.stoppedByUser) gateway = await this.local.start();
    if (!gateway) {
      return { status: 'none', reason: this.local.stoppedByUser ? vscode.l10n.t('The local gateway is stopped.') : vscode.l10n.t('The local gateway is not running.') };
    }
    // The client signs with dummy credentials for a loopback endpoint: no AWS account needed.
    const client = createApiGatewayClient({ region: s.region, endpoint: gateway.url });
    const service = new ControlPlaneService(client, {
      bufferedTimeoutQuotaMs: s.bufferedTimeoutQuotaMs, v2Client: memo(() => createApiGatewayV2Client({ region: s.region, endpoint: gateway.url })),
    });
    const endpoint = gateway.url;
    return {
      status: 'connected',
      connection: {
        kind: 'local', label: vscode.l10n.t('Local gateway'), description: endpoint, region: s.region, service,
        invokeUrl: (apiId, stage, path) => invokeUrl(apiId, s.region, stage, path, endpoint),
      },
    };
  }

  dispose(): void {
    this.changed.dispose();
    this.resolved.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}

/** One value per connection, made on first use (the v2 client loads only for private integrations). */
function memo<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= make());
}
