// Response-body parsers shared by the host, the CLI and the webview (browser-safe: no Node imports).
export * from './utf8';
export * from './sse';
export * from './ndjson';
export * from './hex';
export * from './contentType';
export * from './llmText';
