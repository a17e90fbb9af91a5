// A settings change does only what it must (the way rust-analyzer classifies its settings):
// connection keys reconnect the tree; `local.*` keys offer to restart a running local gateway
// (and restart it when the user agrees); `console.*` keys are read by the console on each use,
// so they apply at once without reloading the tree.
import * as vscode from 'vscode';

export type SettingEffect = 'reconnect' | 'restartLocal' | 'none';

/** What each `streamgate.*` key needs when it changes. Keys not listed need nothing. */
export const SETTING_EFFECTS: Readonly<Record<string, readonly SettingEffect[]>> = {
  'streamgate.connection': ['reconnect'],
  'streamgate.profile': ['reconnect'],
  'streamgate.region': ['reconnect'],
  'streamgate.endpoint': ['reconnect'],
  // The tree's validation reads it from the service; the local gateway enforces it from its start.
  'streamgate.bufferedTimeoutQuotaMs': ['reconnect', 'restartLocal'],
  'streamgate.local.port': ['restartLocal'],
  'streamgate.local.sampleApi': ['restartLocal'],
  'streamgate.local.statePath': ['restartLocal'],
  'streamgate.local.handlerDirs': ['restartLocal'],
  'streamgate.local.emulateAwsLimits': ['restartLocal'],
  'streamgate.local.debugHeaders': ['restartLocal'],
  // Read when the tree next targets a gateway that is not running: nothing to redo now.
  'streamgate.local.autoStart': [],
  // Read when Serve Template Locally next lists templates; served templates keep running.
  'streamgate.local.templates': [],
  // console.* are read per request / per history write: apply at once.
  'streamgate.console.maxTimeSeconds': [],
  'streamgate.console.idleTimeoutSeconds': [],
  'streamgate.console.longGapMs': [],
  'streamgate.console.historySize': [],
};

/** The effects a change event asks for. */
export function effectsOf(affects: (section: string) => boolean): Set<SettingEffect> {
  const effects = new Set<SettingEffect>();
  for (const [key, list] of Object.entries(SETTING_EFFECTS)) if (affects(key)) for (const e of list) effects.add(e);
  return effects;
}

export interface SettingsChangeTargets {
  reconnect(): void;
  /** Undefined when the local gateway is not running (nothing to restart). */
  localRunning(): boolean;
  restartLocal(): Promise<unknown>;
  log: vscode.LogOutputChannel;
}


/** The last restart prompt's outcome, for tests: resolves after the user's answer was applied. */
let lastPrompt: Promise<boolean> = Promise.resolve(false);
export function lastRestartPrompt(): Promise<boolean> { return lastPrompt; }

export function onSettingsChange(targets: SettingsChangeTargets): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration('streamgate')) return;
    const effects = effectsOf((key) => e.affectsConfiguration(key));
    targets.log.info(`settings changed: ${effects.size ? [...effects].join(', ') : 'applied at once, nothing to redo'}`);
    if (effects.has('reconnect')) targets.reconnect();
    if (effects.has('restartLocal') && targets.localRunning()) {
      const restart = vscode.l10n.t('Restart Local Gateway');
      lastPrompt = Promise.resolve(vscode.window.showInformationMessage(
        vscode.l10n.t('StreamGate: the local gateway uses the changed settings after a restart.'), restart)).then(async (choice) => {
        if (choice !== restart) return false;
        await targets.restartLocal();
        return true;
      });
    }
  });
}
