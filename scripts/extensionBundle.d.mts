// Types for scripts/extensionBundle.mjs (used from the TypeScript benchmark).
import type { BuildOptions, Metafile } from 'esbuild';

export const LAZY_BUNDLE: string;
export function buildExtension(options: { root: string; entry: string; outfile: string; common?: BuildOptions }): Promise<{ main: Metafile; lazy: Metafile; lazyModules: string[] }>;
