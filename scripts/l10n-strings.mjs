// The localizable strings of the source: the message of every `l10n.t(...)` /
// `vscode.l10n.t(...)` call in src/ and webview/, found on the TypeScript AST (the same keys
// @vscode/l10n-dev export writes, in a fraction of its time). Shared by scripts/l10n-export.mjs
// (writes l10n/bundle.l10n.json) and the bundle test (fails on drift).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export const SOURCE_DIRS = ['src', 'webview'];

/** Every .ts file under the source folders (tests are not shipped, so not localized). */
export function sourceFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
    }
  };
  for (const d of SOURCE_DIRS) walk(join(root, d));
  return out.sort().map((f) => relative(root, f));
}

/** The literal text of a message argument ('a', `a`, 'a' + 'b'), or undefined when it is computed. */
function literalText(node) {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isParenthesizedExpression(node)) return literalText(node.expression);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const [l, r] = [literalText(node.left), literalText(node.right)];
    return l !== undefined && r !== undefined ? l + r : undefined;
  }
  return undefined;
}

/** The l10n.t calls of one file: their messages, and the calls whose message is not a literal (cannot be translated). */
export function extractCalls(file, source) {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const messages = [];
  const computed = [];
  const visit = (node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 't'
      && /(^|\.)l10n$/.test(node.expression.expression.getText(sf))) {
      const arg = node.arguments[0];
      let message = arg && literalText(arg);
      if (arg && message === undefined && ts.isObjectLiteralExpression(arg)) {
        const prop = arg.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText(sf) === 'message');
        message = prop && literalText(prop.initializer);
      }
      if (message === undefined) computed.push(`${file}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.getText(sf).slice(0, 80)}`);
      else messages.push(message);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { messages, computed };
}

/** The English bundle the source asks for, keys sorted (stable diffs when several people add strings). */
export function extractBundle(root, files = sourceFiles(root)) {
  const keys = new Set();
  const computed = [];
  for (const f of files) {
    const source = readFileSync(join(root, f), 'utf8');
    if (!source.includes('l10n.t(')) continue;
    const found = extractCalls(f, source);
    for (const m of found.messages) keys.add(m);
    computed.push(...found.computed);
  }
  return { bundle: Object.fromEntries([...keys].sort().map((k) => [k, k])), computed };
}
