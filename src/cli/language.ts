// The CLI's language, from the locale environment as POSIX orders it (LC_ALL, then LC_MESSAGES,
// then LANG): "ja_JP.UTF-8" → Japanese. The Japanese bundle is bundled into dist/cli.js, so the
// CLI needs no file beside it. Anything else (C, POSIX, en_US, unset) is English.
import * as l10n from '@vscode/l10n';
import ja from '../../l10n/bundle.l10n.ja.json';

const BUNDLES: Record<string, Record<string, string>> = { ja };

/** "ja" for ja_JP.UTF-8, "en" for en_US.UTF-8, "" for C/POSIX or nothing set. */
export function localeLanguage(env: NodeJS.ProcessEnv): string {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  if (locale === 'C' || locale === 'POSIX') return '';
  return locale.split(/[_.@-]/)[0]!.toLowerCase();
}

/** Points @vscode/l10n at the locale's bundle (or none); returns the language it chose. */
export function useCliLanguage(env: NodeJS.ProcessEnv = process.env): 'ja' | 'en' {
  const language = localeLanguage(env);
  const bundle = BUNDLES[language];
  // An empty bundle resets an earlier choice: every message falls back to its English text.
  l10n.config({ contents: bundle ?? {} });
  return bundle ? 'ja' : 'en';
}
