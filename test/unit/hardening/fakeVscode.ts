// A minimal in-memory stand-in for the `vscode` module: just the API surface the console panel
// host and the redacting log use (webview panel, output channel, settings, save dialog, files,
// clipboard). It records everything written so a test can scan it. Installed by `installFakeVscode()`
// before the panel module is first required.
import Module from 'node:module';
import * as l10n from '@vscode/l10n';
import * as path from 'node:path';

export interface Recorded {
  /** Every line written to any output channel, as the channel received it. */
  channelLines: string[];
  /** Every message posted to a webview. */
  posted: unknown[];
  /** Files written through workspace.fs, by path. */
  files: Map<string, string>;
  clipboard: string[];
  /** Settings returned by getConfiguration('streamgate'). */
  settings: Record<string, unknown>;
  /** The next showSaveDialog answer (a path) or undefined. */
  nextSavePath?: string;
  /** Delivers a message from the webview to the panel host. */
  receive?: (msg: unknown) => void;
  /** workspace.isTrusted; grantTrust() flips it and fires onDidGrantWorkspaceTrust. */
  trusted: boolean;
  /** Every warning message shown. */
  warnings: string[];
}

export const recorded: Recorded = { channelLines: [], posted: [], files: new Map(), clipboard: [], settings: {}, trusted: true, warnings: [] };

class Uri {
  private constructor(readonly fsPath: string, readonly scheme = 'file') {}
  static file(p: string): Uri { return new Uri(p); }
  static joinPath(base: Uri, ...parts: string[]): Uri { return new Uri(path.join(base.fsPath, ...parts), base.scheme); }
  toString(): string { return `${this.scheme}://${this.fsPath}`; }
}

class Disposable {
  constructor(private readonly fn: () => void) {}
  dispose(): void { this.fn(); }
}

function event<T>(): { fire(v: T): void; event: (l: (v: T) => void) => Disposable } {
  const listeners = new Set<(v: T) => void>();
  return {
    fire: (v) => { for (const l of listeners) l(v); },
    event: (l) => { listeners.add(l); return new Disposable(() => listeners.delete(l)); },
  };
}

const trustGranted = event<void>();

/** The user trusts the workspace (Manage Workspace Trust → Trust). */
export function grantTrust(): void {
  recorded.trusted = true;
  trustGranted.fire();
}

const fake = {
  // English, as VS Code without a language pack: @vscode/l10n unconfigured formats the message itself.
  l10n: { t: l10n.t, bundle: undefined },
  Uri,
  Disposable,
  ViewColumn: { Active: -1, One: 1 },
  window: {
    createOutputChannel(name: string) {
      const write = (level: string) => (text: string) => { recorded.channelLines.push(`[${name}:${level}] ${text}`); };
      return { name, trace: write('trace'), debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'),
        append: write('append'), appendLine: write('line'), show: () => undefined, dispose: () => undefined, logLevel: 2 };
    },
    createWebviewPanel(_viewType: string, title: string) {
      const received = event<unknown>();
      const disposed = event<void>();
      const panel = {
        title,
        iconPath: undefined as unknown,
        reveal: () => undefined,
        onDidDispose: disposed.event,
        dispose: () => disposed.fire(),
        webview: {
          html: '',
          cspSource: 'https://fake.vscode-cdn.net',
          asWebviewUri: (u: Uri) => `https://fake.vscode-cdn.net${u.fsPath}`,
          onDidReceiveMessage: received.event,
          postMessage: (m: unknown) => { recorded.posted.push(structuredClone(m)); return Promise.resolve(true); },
        },
      };
      recorded.receive = (m) => received.fire(m);
      return panel;
    },
    showSaveDialog: () => Promise.resolve(recorded.nextSavePath ? Uri.file(recorded.nextSavePath) : undefined),
    showInputBox: () => Promise.resolve(undefined),
    showWarningMessage: (message: string) => { recorded.warnings.push(message); return Promise.resolve(undefined); },
  },
  commands: { executeCommand: () => Promise.resolve(undefined) },
  workspace: {
    workspaceFolders: undefined,
    get isTrusted() { return recorded.trusted; },
    onDidGrantWorkspaceTrust: trustGranted.event,
    getConfiguration: () => ({ get: <T>(key: string, fallback: T): T => (key in recorded.settings ? recorded.settings[key] as T : fallback) }),
    onDidChangeConfiguration: () => new Disposable(() => undefined),
    fs: {
      writeFile: (u: Uri, data: Uint8Array) => { recorded.files.set(u.fsPath, Buffer.from(data).toString('utf8')); return Promise.resolve(); },
      copy: () => Promise.resolve(),
    },
  },
  env: { clipboard: { writeText: (t: string) => { recorded.clipboard.push(t); return Promise.resolve(); } } },
};

let installed = false;

/** Makes `require('vscode')` return the fake, for modules loaded after this call. */
export function installFakeVscode(): void {
  if (installed) return;
  installed = true;
  const m = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
  const original = m._load;
  m._load = function load(request: string, parent: unknown, isMain: boolean) {
    if (request === 'vscode') return fake;
    return original.call(this, request, parent, isMain);
  };
}

/** A Memento-like store (workspaceState) whose raw content can be scanned. */
export class MemoryMemento {
  readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined { return this.data.get(key) as T | undefined; }
  update(key: string, value: unknown): Promise<void> { this.data.set(key, structuredClone(value)); return Promise.resolve(); }
  keys(): string[] { return [...this.data.keys()]; }
}

/** context.secrets */
export class MemorySecrets {
  readonly data = new Map<string, string>();
  get(key: string): Promise<string | undefined> { return Promise.resolve(this.data.get(key)); }
  store(key: string, value: string): Promise<void> { this.data.set(key, value); return Promise.resolve(); }
  delete(key: string): Promise<void> { this.data.delete(key); return Promise.resolve(); }
}
