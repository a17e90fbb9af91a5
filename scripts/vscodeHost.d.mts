// Types for scripts/vscodeHost.mjs, for the TypeScript code that imports it (the webview harness).
export declare const ROOT: string;
export interface VscodeHostEnv { VH_NODE24?: string; VH_CODE_SERVER?: string; VH_CHROMIUM?: string }
export declare function setUpVscodeHost(): VscodeHostEnv;
export declare function parseHostEnv(text: string): VscodeHostEnv;
export declare function freePort(): Promise<number>;
export declare function codeServerArgs(codeServer: string, opts: { port: number; userData: string; extensionsDir: string; workspace: string; extra?: string[] }): string[];
export declare function waitForCodeServer(port: number, timeoutMs?: number): Promise<void>;
export declare const CHROMIUM_ARGS: readonly string[];
export declare function launchChromium<B>(chromium: { launch(options: { executablePath: string; args: readonly string[] }): Promise<B> }, executablePath?: string): Promise<B>;
export declare function linkExtension(extensionsDir: string): string;
