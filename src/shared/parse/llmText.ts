// Joins the assistant's text from LLM-style streaming events, so the console can show the
// answer as it is being written. Recognised shapes (one event or record at a time):
//   OpenAI chat completions   {"choices":[{"delta":{"content":"Hel"}}]}   (+ legacy choices[].text)
//   OpenAI Responses API      {"type":"response.output_text.delta","delta":"Hel"}
//   Anthropic Messages        {"type":"content_block_delta","delta":{"type":"text_delta","text":"Hel"}}
//   Bedrock ConverseStream    {"contentBlockDelta":{"delta":{"text":"Hel"}}}
//   Bedrock InvokeModel...    {"chunk":{"bytes":"<base64 of one of the JSON shapes above>"}}
// Browser-safe: base64 via atob, no Node imports.
import { decodeUtf8 } from './utf8';

export type LlmProvider = 'openai' | 'anthropic' | 'bedrock';

export interface DeltaText {
  text: string;
  provider: LlmProvider;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function openAiDelta(event: Json): string | null {
  if (event.type === 'response.output_text.delta' && typeof event.delta === 'string') return event.delta;
  if (!Array.isArray(event.choices)) return null;
  let text = '';
  let found = false;
  // Only the first choice (index 0) is the answer shown; n>1 completions would interleave.
  for (const choice of event.choices) {
    if (!isObject(choice) || (choice.index !== undefined && choice.index !== 0)) continue;
    if (isObject(choice.delta) && typeof choice.delta.content === 'string') {
      text += choice.delta.content;
      found = true;
    } else if (typeof choice.text === 'string') {
      text += choice.text;
      found = true;
    }
  }
  return found ? text : null;
}

function anthropicDelta(event: Json): string | null {
  if (event.type !== 'content_block_delta' || !isObject(event.delta)) return null;
  return typeof event.delta.text === 'string' ? event.delta.text : null;
}

function bedrockConverseDelta(event: Json): string | null {
  const block = event.contentBlockDelta;
  if (!isObject(block) || !isObject(block.delta)) return null;
  return typeof block.delta.text === 'string' ? block.delta.text : null;
}

function decodeBase64Json(base64: string): unknown {
  try {
    const binary = atob(base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return JSON.parse(decodeUtf8(bytes));
  } catch {
    return undefined;
  }
}

/** The assistant text carried by one parsed event, or null when the event carries none. */
export function extractDeltaText(event: unknown, depth = 0): DeltaText | null {
  if (!isObject(event)) return null;
  const openAi = openAiDelta(event);
  if (openAi !== null) return { text: openAi, provider: 'openai' };
  const anthropic = anthropicDelta(event);
  if (anthropic !== null) return { text: anthropic, provider: 'anthropic' };
  const converse = bedrockConverseDelta(event);
  if (converse !== null) return { text: converse, provider: 'bedrock' };
  // InvokeModelWithResponseStream wraps the model's own event in base64; one level is enough.
  if (depth === 0 && isObject(event.chunk) && typeof event.chunk.bytes === 'string') {
    const inner = extractDeltaText(decodeBase64Json(event.chunk.bytes), 1);
    if (inner !== null) return { text: inner.text, provider: 'bedrock' };
  }
  return null;
}

/** Same, from the text of an SSE `data:` field or an NDJSON line; "[DONE]" and non-JSON give null. */
export function extractDeltaTextFromData(data: string): DeltaText | null {
  const trimmed = data.trim();
  if (!trimmed.startsWith('{')) return null;
  try {
    return extractDeltaText(JSON.parse(trimmed));
  } catch {
    return null;
  }
}

export interface AssistantTextJoiner {
  /** Adds one SSE event's data (a JSON string). */
  addData(data: string): void;
  /** Adds one already-parsed event (an NDJSON record's value). */
  addValue(value: unknown): void;
  readonly text: string;
  /** Events that contributed text. */
  readonly deltaCount: number;
  /** The provider shape of the last recognised delta, null before the first. */
  readonly provider: LlmProvider | null;
}

export function createAssistantTextJoiner(): AssistantTextJoiner {
  // Deltas are collected and joined lazily: repeated string += on thousands of tiny deltas
  // is what makes naive consoles slow.
  const parts: string[] = [];
  let provider: LlmProvider | null = null;
  let deltaCount = 0;
  const take = (delta: DeltaText | null): void => {
    if (delta === null) return;
    parts.push(delta.text);
    provider = delta.provider;
    deltaCount++;
  };
  return {
    addData: (data) => take(extractDeltaTextFromData(data)),
    addValue: (value) => take(extractDeltaText(value)),
    get text() {
      if (parts.length > 1) parts.splice(0, parts.length, parts.join(''));
      return parts[0] ?? '';
    },
    get deltaCount() {
      return deltaCount;
    },
    get provider() {
      return provider;
    },
  };
}
