export * from './authHeaders';
export * from './sigv4';
export * from './redact';
export * from './mergeHeaders';
