// Runs the embedded local API Gateway inside the extension host: start/stop commands, a status
// bar item while it runs, and the `streamgate.localRunning` context key for menus. Function
// output (each runtime process's stdout/stderr) goes to the "StreamGate Functions" channel.
import * as vscode from 'vscode';
import type { LocalGateway, StateFileError } from '../../local';
import { readSettings } from '../platform/settings';
import { FunctionLogChannel } from './functionLogChannel';

export class LocalGatewayManager implements vscode.Disposable {
  private gateway: LocalGateway | undefined;
  private starting: Promise<LocalGateway> | undefined;
  private readonly statusItem = vscode.window.createStatusBarItem('streamgate.local', vscode.StatusBarAlignment.Left, 50);
  private readonly changed = new vscode.EventEmitter<LocalGateway | undefined>();
  /** Fires with the gateway when it starts and with undefined when it stops. */
  readonly onDidChange = this.changed.event;
  /** "StreamGate Functions": every line the gateway's functions write, tagged with its request id. */
  readonly functionLog = new FunctionLogChannel();

  constructor(private readonly log: vscode.LogOutputChannel, private readonly gatewayLog: vscode.LogOutputChannel, private readonly accessLogDir?: string) {
    this.statusItem.name = 'StreamGate Local Gateway';
    this.statusItem.command = 'streamgate.local.stop';
  }

  get current(): LocalGateway | undefined { return this.gateway; }

  /** The status bar item's text while the gateway runs, undefined when it is hidden. */
  get statusText(): string | undefined { return this.gateway ? this.statusItem.text : undefined; }

  /** Starts the gateway, or returns the running one. Concurrent callers share one start. */
  async start(): Promise<LocalGateway> {
    if (this.gateway) return this.gateway;
    this.starting ??= this.doStart().finally(() => { this.starting = undefined; });
    return this.starting;
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
        statePath: s.local.statePath || undefined,
        handlerDirs: s.local.handlerDirs,
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
        throw new Error(`Port ${s.local.port} is already in use. Stop whatever listens there or set "streamgate.local.port" (0 picks a free port).`);
      }
      throw err;
    }
    this.gateway = gateway;
    this.log.info(`Local gateway listening on ${gateway.url}`);
    this.statusItem.text = `$(radio-tower) StreamGate local :${gateway.port}`;
    this.statusItem.tooltip = new vscode.MarkdownString(`StreamGate local API Gateway on \`${gateway.url}\`\n\nClick to stop.`);
    this.statusItem.show();
    await vscode.commands.executeCommand('setContext', 'streamgate.localRunning', true);
    this.changed.fire(gateway);
    return gateway;
  }

  /** The state file cannot be loaded: the user decides whether to keep it aside and start empty. */
  private async offerStartEmpty(err: StateFileError): Promise<LocalGateway> {
    this.log.error(err.message);
    const startEmpty = 'Start empty (keep the file aside)';
    const choice = await vscode.window.showErrorMessage(err.message, startEmpty);
    if (choice !== startEmpty) throw err;
    const gateway = await this.doStart(true);
    void vscode.window.showInformationMessage(`The local gateway started empty; the old state was kept as ${gateway.movedAside.join(', ')}.`);
    return gateway;
  }

  async stop(): Promise<void> {
    const gateway = this.gateway ?? (await this.starting?.catch(() => undefined));
    if (!gateway) return;
    this.gateway = undefined;
    await gateway.close();
    this.statusItem.hide();
    await vscode.commands.executeCommand('setContext', 'streamgate.localRunning', false);
    this.log.info('Local gateway stopped');
    this.changed.fire(undefined);
  }

  dispose(): void {
    void this.stop();
    this.statusItem.dispose();
    this.gatewayLog.dispose();
    this.changed.dispose();
    this.functionLog.dispose();
  }
}
