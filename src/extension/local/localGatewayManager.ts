// Runs the embedded local API Gateway inside the extension host: start/stop commands, a status
// bar item, and the `streamgate.localRunning` / `streamgate.localStopped` context keys for menus
// and the view's welcome text. Function output (each runtime process's stdout/stderr) goes to the
// "StreamGate Functions" channel.
//
// "Stopped" is a state of its own: after the user stops the gateway, nothing starts it again
// (not the tree's auto-start, not a refresh) until the user starts it. Without that, stopping
// fired a change, the tree re-resolved its connection and auto-started a fresh gateway ~35 ms
// later with a new sample API id.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { LocalGateway, StateFileError } from '../../local';
import { readSettings } from '../platform/settings';
import { requireTrust } from '../platform/trust';
import { FunctionLogChannel } from './functionLogChannel';
import { COMMAND } from '../commandIds';

/** Why handler folders wait for workspace trust (shown to the user). */
function handlerTrustReason(): string {
  return vscode.l10n.t('Loading Lambda handlers from "streamgate.local.handlerDirs" runs their code, so the local gateway serves without them until you trust this workspace.');
}

/** File name of the gateway's state inside the extension's global storage (the default). */
export const DEFAULT_STATE_FILE = 'local-gateway-state.json';

export type LocalGatewayStatus = 'running' | 'stopped' | 'idle';

export class LocalGatewayManager implements vscode.Disposable {
  private gateway: LocalGateway | undefined;
  private starting: Promise<LocalGateway> | undefined;
  private userStopped = false;
  private readonly statusItem = vscode.window.createStatusBarItem('streamgate.local', vscode.StatusBarAlignment.Left, 50);
  private readonly changed = new vscode.EventEmitter<LocalGateway | undefined>();
  /** Fires with the gateway when it starts and with undefined when it stops. */
  readonly onDidChange = this.changed.event;
  /** "StreamGate Functions": every line the gateway's functions write, tagged with its request id. */
  readonly functionLog = new FunctionLogChannel();

  /** `globalStoragePath` is where the state lives unless `streamgate.local.statePath` says otherwise. */
  constructor(
    private readonly log: vscode.LogOutputChannel, private readonly gatewayLog: vscode.LogOutputChannel,
    private readonly accessLogDir?: string, private readonly globalStoragePath?: string,
  ) {
    this.statusItem.name = vscode.l10n.t('StreamGate Local Gateway');
  }

  get current(): LocalGateway | undefined { return this.gateway; }

  /** Running, stopped by the user (stays stopped until Start), or never started. */
  get status(): LocalGatewayStatus {
    return this.gateway ? 'running' : this.userStopped ? 'stopped' : 'idle';
  }

  /** True after the user stopped the gateway: auto-start must not bring it back. */
  get stoppedByUser(): boolean { return this.userStopped && !this.gateway; }

  /** The status bar item's text while it is shown (running or stopped), undefined when hidden. */
  get statusText(): string | undefined { return this.status === 'idle' ? undefined : this.statusItem.text; }

  /** The state file the gateway uses: the setting, else the extension's global storage. */
  statePath(): string | undefined {
    const configured = readSettings().local.statePath;
    if (configured) return configured;
    return this.globalStoragePath ? path.join(this.globalStoragePath, DEFAULT_STATE_FILE) : undefined;
  }

  /** Starts the gateway, or returns the running one. Concurrent callers share one start. */
  async start(): Promise<LocalGateway> {
    if (this.gateway) return this.gateway;
    this.starting ??= this.doStart().finally(() => { this.starting = undefined; });
    return this.starting;
  }

  /** The Start command: says so when the gateway already runs instead of silently doing nothing. */
  async startFromCommand(): Promise<string> {
    if (this.gateway) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The StreamGate local gateway is already running on {0}.', this.gateway.url));
      return this.gateway.url;
    }
    return (await this.start()).url;
  }

  /** Stop, then start with the current settings (after a `streamgate.local.*` change). */
  async restart(): Promise<LocalGateway> {
    await this.close(false);
    return this.start();
  }

  /** True while handler folders are configured but held back until the workspace is trusted. */
  handlersWaitingForTrust = false;

  /** Handler folders load code: in an untrusted workspace they wait for trust, then the gateway restarts with them. */
  private trustedHandlerDirs(dirs: string[]): string[] {
    this.handlersWaitingForTrust = dirs.length > 0 && !vscode.workspace.isTrusted;
    if (!this.handlersWaitingForTrust) return dirs;
    this.log.warn(`Local gateway: ${handlerTrustReason()}`);
    void requireTrust(handlerTrustReason()).then(() => { if (this.gateway) void this.restart(); });
    return [];
  }

  private async doStart(resetCorruptState = false): Promise<LocalGateway> {
    const s = readSettings();
    let gateway: LocalGateway;
    try {
      // Loaded on first start so activation does not evaluate the whole gateway.
      const { startLocalGateway } = await import('../../local');
      gateway = await startLocalGateway({
        port: s.local.port,
        sample: s.local.sampleApi,
        statePath: this.statePath(),
        handlerDirs: this.trustedHandlerDirs(s.local.handlerDirs),
        bufferedTimeoutQuotaMs: s.bufferedTimeoutQuotaMs,
        vpcLinks: s.local.vpcLinks,
        ...(s.local.vpcEndpointId ? { vpcEndpointId: s.local.vpcEndpointId } : {}),
        resetCorruptState,
        emulateAwsLimits: s.local.emulateAwsLimits,
        debugHeaders: s.local.debugHeaders,
        accessLogDir: this.accessLogDir,
        log: (line) => this.gatewayLog.info(line),
        onFunctionLog: (line) => this.functionLog.append(line),
      });
    } catch (err) {
      if ((err as Error).name === 'StateFileError' && !resetCorruptState) return this.offerStartEmpty(err as StateFileError);
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') {
        throw new Error(vscode.l10n.t('Port {0} is already in use. Stop whatever listens there or set "streamgate.local.port" (0 picks a free port).', s.local.port));
      }
      throw err;
    }
    this.gateway = gateway;
    this.userStopped = false;
    this.log.info(`Local gateway listening on ${gateway.url}${this.statePath() ? ` (state in ${this.statePath()})` : ''}`);
    this.statusItem.text = `$(radio-tower) ${vscode.l10n.t('StreamGate local :{0}', gateway.port)}`;
    this.statusItem.tooltip = new vscode.MarkdownString(vscode.l10n.t('StreamGate local API Gateway on {0}\n\nClick to stop.', `\`${gateway.url}\``));
    this.statusItem.command = COMMAND.stopLocal;
    this.statusItem.show();
    await this.setContext();
    this.changed.fire(gateway);
    return gateway;
  }

  /** The state file cannot be loaded: the user decides whether to keep it aside and start empty. */
  private async offerStartEmpty(err: StateFileError): Promise<LocalGateway> {
    this.log.error(err.message);
    const startEmpty = vscode.l10n.t('Start empty (keep the file aside)');
    const choice = await vscode.window.showErrorMessage(err.message, startEmpty);
    if (choice !== startEmpty) throw err;
    const gateway = await this.doStart(true);
    void vscode.window.showInformationMessage(vscode.l10n.t('The local gateway started empty; the old state was kept as {0}.', gateway.movedAside.join(', ')));
    return gateway;
  }

  /** The Stop command: stops the gateway and keeps it stopped until Start. */
  async stop(): Promise<void> {
    await this.close(true);
  }

  private async close(byUser: boolean): Promise<void> {
    const gateway = this.gateway ?? (await this.starting?.catch(() => undefined));
    // Set before the change fires, so listeners that re-resolve the connection see "stopped".
    if (byUser) this.userStopped = true;
    if (!gateway) {
      if (byUser) this.showStopped();
      return;
    }
    this.gateway = undefined;
    await gateway.close();
    if (byUser) this.showStopped();
    else this.statusItem.hide();
    await this.setContext();
    this.log.info(byUser ? 'Local gateway stopped (stays stopped until Start)' : 'Local gateway stopped for a restart');
    this.changed.fire(undefined);
  }

  private showStopped(): void {
    this.statusItem.text = `$(debug-stop) ${vscode.l10n.t('StreamGate local: stopped')}`;
    this.statusItem.tooltip = vscode.l10n.t('The StreamGate local API Gateway is stopped. Click to start it.');
    this.statusItem.command = COMMAND.startLocal;
    this.statusItem.show();
    void this.setContext();
  }

  private async setContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'streamgate.localRunning', this.gateway !== undefined);
    await vscode.commands.executeCommand('setContext', 'streamgate.localStopped', this.stoppedByUser);
  }

  dispose(): void {
    const gateway = this.gateway;
    this.gateway = undefined;
    void gateway?.close();
    this.statusItem.dispose();
    this.gatewayLog.dispose();
    this.changed.dispose();
    this.functionLog.dispose();
  }
}
