// How the tree words numbers, times and names: timeouts, deployment ages, Markdown-safe names.
import * as vscode from 'vscode';

export function formatTimeout(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** "deployed 5 s ago", as one sentence per unit so each language words it its own way. */
export function formatAgo(date: Date): string {
  const s = Math.max(0, Math.round((Date.now() - date.getTime()) / 1000));
  if (s < 60) return vscode.l10n.t('deployed {0} s ago', s);
  if (s < 3600) return vscode.l10n.t('deployed {0} min ago', Math.round(s / 60));
  if (s < 86_400) return vscode.l10n.t('deployed {0} h ago', Math.round(s / 3600));
  return vscode.l10n.t('deployed {0}', date.toLocaleDateString(vscode.env.language));
}

export function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
