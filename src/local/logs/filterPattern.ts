// CloudWatch Logs filter patterns, the subset log readers use: terms and "quoted phrases" (all
// must appear, case-sensitive), ?terms (any of them), -terms (none of them), and JSON patterns
// `{ $.a.b = "value" && $.n != 5 || ... }` with = and != and a trailing * wildcard in strings.
// Anything else is refused with a message, never silently matched.

export class FilterPatternError extends Error {}

type Matcher = (message: string) => boolean;

export function compileFilterPattern(pattern: string | undefined): Matcher {
  const p = (pattern ?? '').trim();
  if (!p) return () => true;
  if (p.startsWith('{')) return jsonMatcher(p);
  return termMatcher(p);
}

function termMatcher(p: string): Matcher {
  const tokens = p.match(/[?-]?"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
  const all: string[] = [];
  const any: string[] = [];
  const none: string[] = [];
  for (const t of tokens) {
    const prefix = t[0] === '?' || t[0] === '-' ? t[0] : '';
    let word = prefix ? t.slice(1) : t;
    if (word.startsWith('"')) {
      if (word.length < 2 || !word.endsWith('"')) throw new FilterPatternError(`Unterminated quote in filter pattern: ${t}`);
      word = word.slice(1, -1).replace(/\\(.)/g, '$1');
    }
    if (!word) continue;
    (prefix === '?' ? any : prefix === '-' ? none : all).push(word);
  }
  return (m) => all.every((w) => m.includes(w)) && (any.length === 0 || any.some((w) => m.includes(w))) && !none.some((w) => m.includes(w));
}

interface Comparison { path: string[]; op: '=' | '!='; value: string | number }

function jsonMatcher(p: string): Matcher {
  if (!p.endsWith('}')) throw new FilterPatternError('A JSON filter pattern must end with }');
  const body = p.slice(1, -1).trim();
  const orGroups = body.split('||').map((g) => g.split('&&').map((c) => comparison(c.trim())));
  return (m) => {
    let doc: unknown;
    try {
      doc = JSON.parse(m);
    } catch {
      return false;
    }
    return orGroups.some((group) => group.every((c) => holds(doc, c)));
  };
}

function comparison(text: string): Comparison {
  const m = /^\$((?:\.[A-Za-z0-9_-]+)+)\s*(!=|=)\s*(.+)$/.exec(text);
  if (!m) throw new FilterPatternError(`Unsupported JSON filter term "${text}": use $.field = "value" (or !=), joined with && or ||`);
  const raw = m[3]!.trim();
  const value = raw.startsWith('"') ? JSON.parse(raw) as string : Number.isFinite(Number(raw)) ? Number(raw) : raw;
  return { path: m[1]!.slice(1).split('.'), op: m[2] as '=' | '!=', value };
}

function holds(doc: unknown, c: Comparison): boolean {
  let v: unknown = doc;
  for (const k of c.path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  let equal: boolean;
  if (typeof c.value === 'number') equal = Number(v) === c.value && v !== null && v !== '';
  else if (c.value.endsWith('*')) equal = typeof v === 'string' && v.startsWith(c.value.slice(0, -1));
  else equal = v !== undefined && v !== null && String(v) === c.value;
  return c.op === '=' ? equal : !equal;
}
