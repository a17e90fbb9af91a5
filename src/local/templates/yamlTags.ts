// CloudFormation's YAML short forms (!Ref, !Sub, !GetAtt a.b, !If [...] …) through the `yaml`
// package's custom tags. Two tag sets: one turns each short form into its long JSON form
// (Fn::Sub …) for the translator, the other keeps the nodes as they are so write-back can find
// exact source ranges without disturbing the developer's tags, comments or layout.
import { parse, parseDocument, type Document, type Tags, type YAMLMap, type YAMLSeq } from 'yaml';

type ParsedCollection = YAMLMap.Parsed | YAMLSeq.Parsed;

const FUNCTIONS = ['Sub', 'GetAtt', 'Join', 'Select', 'Split', 'If', 'Equals', 'Not', 'And', 'Or', 'FindInMap', 'Base64', 'ImportValue', 'GetAZs', 'Cidr', 'Transform', 'ToJsonString', 'Length'];

function longName(short: string): string {
  return short === 'Ref' || short === 'Condition' ? short : `Fn::${short}`;
}

function scalarValue(short: string, text: string): unknown {
  if (short === 'GetAtt') {
    const dot = text.indexOf('.');
    return { 'Fn::GetAtt': dot === -1 ? [text] : [text.slice(0, dot), text.slice(dot + 1)] };
  }
  return { [longName(short)]: text };
}

function valueTags(): Tags {
  const tags: Tags = [];
  for (const short of ['Ref', 'Condition', ...FUNCTIONS]) {
    const tag = `!${short}`;
    tags.push({ tag, resolve: (text: string) => scalarValue(short, text) });
    tags.push({ tag, collection: 'seq', resolve: (seq: ParsedCollection) => ({ [longName(short)]: seq.toJSON() }) });
    tags.push({ tag, collection: 'map', resolve: (map: ParsedCollection) => ({ [longName(short)]: map.toJSON() }) });
  }
  return tags;
}

function keepTags(): Tags {
  const tags: Tags = [];
  for (const short of ['Ref', 'Condition', ...FUNCTIONS]) {
    const tag = `!${short}`;
    tags.push({ tag, resolve: (text: string) => text });
    tags.push({ tag, collection: 'seq', resolve: (seq: ParsedCollection) => seq });
    tags.push({ tag, collection: 'map', resolve: (map: ParsedCollection) => map });
  }
  return tags;
}

const VALUE_TAGS = valueTags();
const KEEP_TAGS = keepTags();

/** A template's text (JSON or YAML with short forms) as plain data with long-form intrinsics. */
export function parseTemplateText(text: string, file: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = text.trimStart().startsWith('{') ? JSON.parse(text) : parse(text, { customTags: VALUE_TAGS, maxAliasCount: 1000, prettyErrors: true });
  } catch (err) {
    throw new Error(`${file}: not valid ${text.trimStart().startsWith('{') ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${file}: expected a mapping (an object) at the top level`);
  return doc as Record<string, unknown>;
}

/** The same text as an editable document whose nodes keep their source ranges and tags. */
export function parseEditableDocument(text: string): Document.Parsed {
  return parseDocument(text, { customTags: KEEP_TAGS, keepSourceTokens: true });
}
