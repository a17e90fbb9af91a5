// Default names for files the console saves: the server's Content-Disposition name when it gave
// one, else method-path-time with an extension from the content type. No `vscode` import.
import { mediaType } from '../../shared/parse';

const EXTENSIONS: Record<string, string> = {
  'application/json': 'json', 'text/event-stream': 'sse.txt', 'application/x-ndjson': 'ndjson', 'application/ndjson': 'ndjson',
  'text/plain': 'txt', 'text/html': 'html', 'text/csv': 'csv', 'application/pdf': 'pdf', 'application/zip': 'zip',
  'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'audio/mpeg': 'mp3', 'video/mp4': 'mp4',
  'application/xml': 'xml', 'text/xml': 'xml', 'application/x-protobuf': 'pb', 'application/protobuf': 'pb',
};

/** The last path segment only (as browsers do), with characters no file system accepts as "_". */
function safeName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[:*?"<>|\x00-\x1f]+/g, '_').replace(/^\.+/, '').trim();
  return cleaned.slice(0, 120);
}

/** The filename from a Content-Disposition header (RFC 6266: filename* wins over filename). */
export function contentDispositionName(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)?'[^']*'([^;]+)/.exec(header);
  if (star) {
    try { return safeName(decodeURIComponent(star[1]!.trim())) || undefined; } catch { /* fall through */ }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/.exec(header);
  const value = plain ? (plain[1]?.replace(/\\(.)/g, '$1') ?? plain[2]?.trim()) : undefined;
  return value ? safeName(value) || undefined : undefined;
}

function timestamp(epochMs: number): string {
  const d = new Date(epochMs);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** "GET", "https://h/dev/chat?x=1" → "get-dev-chat"; the root path becomes "root". */
function methodPath(method: string, url: string): string {
  let path = url;
  try { path = new URL(url).pathname; } catch { /* not a URL: use as typed */ }
  const slug = path.replace(/\/_user_request_\//, '/').split('/').filter(Boolean).join('-').replace(/[^A-Za-z0-9._-]+/g, '_') || 'root';
  return `${method.toLowerCase()}-${slug}`.slice(0, 100);
}

export interface NamedRun { method: string; url: string; startedAt: number; responseHeaders: Record<string, string> }

function header(h: Record<string, string>, name: string): string | undefined {
  for (const [k, v] of Object.entries(h)) if (k.toLowerCase() === name) return v;
  return undefined;
}

export function bodyFileName(run: NamedRun): string {
  const fromServer = contentDispositionName(header(run.responseHeaders, 'content-disposition'));
  if (fromServer) return fromServer;
  const ext = EXTENSIONS[mediaType(header(run.responseHeaders, 'content-type'))] ?? 'bin';
  return `${methodPath(run.method, run.url)}-${timestamp(run.startedAt)}.${ext}`;
}

export function exportFileName(run: NamedRun, format: 'json' | 'har'): string {
  return `${methodPath(run.method, run.url)}-${timestamp(run.startedAt)}.${format}`;
}
