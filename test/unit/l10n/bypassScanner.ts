// Finds user-facing strings that bypass localization: a string literal (or a template with
// literal words) put straight where the user reads it — a message, a quick pick, a tree item,
// the status bar, an error the command wrapper shows, a webview label or aria-label, a CLI line —
// instead of going through l10n.t(...). Works on the TypeScript AST, so a literal inside an
// l10n.t(...) call is never flagged, and a literal elsewhere in the flagged positions always is.
import ts from 'typescript';

export interface Bypass { file: string; line: number; text: string; rule: string }

/** Words that are names, not language: they stay as they are in every locale. */
const UNTRANSLATED = ['StreamGate', 'STREAM', 'BUFFERED', 'AWS_PROXY', 'HTTP_PROXY', 'AWS', 'API', 'SSO', 'HTTP', 'URL', 'JSON', 'HAR', 'SSE', 'NDJSON',
  'TTFB', 'DNS', 'TLS', 'curl', 'fetch', 'streamgate', 'env', 'auto', 'default'];
/** A comment with this word on the line (or the line before) exempts it, saying why. */
export const EXEMPT = 'l10n-exempt';
const WORD = /[A-Za-z]{2,}/;

/** True when literal text would read as language (after codicons, placeholders and names are removed). */
export function hasWords(text: string): boolean {
  // Codicons ($(plug)) and file names (cdk.out, template.yaml) are not language either.
  let rest = text.replace(/\$\([a-z0-9-~]+\)/g, ' ').replace(/\S*:\/\/\S*/g, ' ').replace(/[\w-]+\.(out|ya?ml|json|toml|http|rest|js|ts|md)\b/g, ' ');
  for (const name of UNTRANSLATED) rest = rest.replace(new RegExp(`\\b${name}\\b`, 'g'), ' ');
  return WORD.test(rest);
}

/** The literal words of an expression that reaches the user as is (undefined when it has none). */
function literalWords(node: ts.Expression): string | undefined {
  if (ts.isParenthesizedExpression(node)) return literalWords(node.expression);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return hasWords(node.text) ? node.text : undefined;
  if (ts.isTemplateExpression(node)) {
    const parts = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
    return parts.some(hasWords) ? parts.join('…') : undefined;
  }
  if (ts.isConditionalExpression(node)) return literalWords(node.whenTrue) ?? literalWords(node.whenFalse);
  if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.PlusToken || node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    return literalWords(node.left) ?? literalWords(node.right);
  }
  return undefined;
}

/** `rules`: the streaming doctor and validators in src/core/rules, whose words the tree and pickers show. */
/** `http`: the .http parser and resolver in src/shared/http, whose diagnostics show on the line. */
export type Area = 'extension' | 'webview' | 'cli' | 'rules' | 'http';

/** Calls whose arguments (all, or from an index on) the user reads. */
const CALLS: Record<Area, Record<string, number>> = {
  extension: {
    showInformationMessage: 0, showWarningMessage: 0, showErrorMessage: 0, setStatusBarMessage: 0, createTerminal: 0,
    appendMarkdown: 0, notice: 1,
  },
  // select(label, …) and textField(label, value, placeholder) are the request editor's field helpers.
  webview: { setAttribute: 1, el: 2, append: 0, prepend: 0, replaceChildren: 0, createTextNode: 0, select: 0, textField: 0, action: 2 },
  cli: { write: 0, log: 0, error: 0, warn: 0, fail: 0 },
  rules: { diagnostic: 2, finding: 2 },
  http: { diag: 4, fail: 0, lineDiagnostic: 3 },
};
/** Constructors whose arguments the user reads. */
const NEWS: Record<Area, Set<string>> = {
  extension: new Set(['TreeItem', 'MarkdownString', 'FileDecoration', 'Error', 'CodeLens']),
  webview: new Set(['Error']),
  cli: new Set(['Error', 'UsageError']),
  rules: new Set(['Error']),
  http: new Set(['Error']),
};
/** Object-literal properties and assigned members the user reads. */
const PROPS: Record<Area, Set<string>> = {
  extension: new Set(['title', 'placeHolder', 'prompt', 'label', 'description', 'detail', 'tooltip', 'text', 'name', 'message']),
  webview: new Set(['text', 'title', 'textContent', 'placeholder', 'aria-label', 'ariaLabel', 'label', 'innerText']),
  cli: new Set([]),
  rules: new Set(['label', 'message', 'fix']),
  http: new Set(['message']),
};
/** setAttribute names whose value the user reads (or hears). */
const READ_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'aria-description']);

/** Helpers called as plain functions (this.tabs.select('run') is another thing than select(label, …)). */
const PLAIN_FUNCTIONS = new Set(['el', 'select', 'textField', 'diagnostic', 'finding']);

function calleeName(e: ts.Expression): string | undefined {
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e) && !PLAIN_FUNCTIONS.has(e.name.text)) return e.name.text;
  return undefined;
}

function propName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

export function scanSource(file: string, source: string, area: Area): Bypass[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: Bypass[] = [];
  const lines = source.split('\n');
  const flag = (node: ts.Node, text: string, rule: string) => {
    const line = sf.getLineAndCharacterOfPosition(node.getStart()).line;
    if (lines[line]?.includes(EXEMPT) || lines[line - 1]?.includes(EXEMPT)) return;
    found.push({ file, line: line + 1, text, rule });
  };
  const check = (e: ts.Expression | undefined, rule: string) => {
    const words = e && literalWords(e);
    if (words !== undefined) flag(e!, words, rule);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const name = calleeName(node.expression);
      const from = name !== undefined ? CALLS[area][name] : undefined;
      if (name === 'setAttribute') {
        const attr = node.arguments[0];
        if (attr && ts.isStringLiteral(attr) && READ_ATTRIBUTES.has(attr.text)) check(node.arguments[1], `setAttribute('${attr.text}')`);
      } else if (from !== undefined) {
        node.arguments.forEach((a, i) => { if (i >= from) check(a, `${name}()`); });
      }
      // Items of a message (buttons) and quick-pick strings.
      if (name === 'showQuickPick' && node.arguments[0] && ts.isArrayLiteralExpression(node.arguments[0])) {
        for (const el of node.arguments[0].elements) check(el as ts.Expression, 'showQuickPick()');
      }
    } else if (ts.isNewExpression(node)) {
      const name = calleeName(node.expression);
      if (name && NEWS[area].has(name)) {
        // FileDecoration(badge, tooltip): the badge is a glyph; the tooltip is read.
        const args = node.arguments ?? [];
        args.forEach((a, i) => { if (!(name === 'FileDecoration' && i === 0)) check(a, `new ${name}()`); });
      }
    } else if (ts.isPropertyAssignment(node)) {
      const name = propName(node.name);
      if (name && PROPS[area].has(name)) check(node.initializer, `${name}:`);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left)) {
      const name = node.left.name.text;
      if (PROPS[area].has(name) || (area === 'extension' && ['text', 'tooltip', 'description', 'label', 'title', 'name'].includes(name))) check(node.right, `.${name} =`);
    } else if (ts.isThrowStatement(node) && area === 'extension') {
      // thrown directly as a string
      check(node.expression, 'throw');
    }
    // A literal inside l10n.t(...) is what localization looks like: never descend into it.
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 't'
      && /(^|\.)l10n$/.test(node.expression.expression.getText(sf))) return;
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}
