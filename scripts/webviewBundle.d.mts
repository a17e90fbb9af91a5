// Types for scripts/webviewBundle.mjs (imported by the TypeScript webview test harness).
import type { BuildOptions } from 'esbuild';

export declare const webviewBundleOptions: BuildOptions & { entryPoints: Record<string, string> };
