// Pure planning of an integration change: validate it against AWS's rules, then express it
// as the JSON-patch operations of ONE UpdateIntegration call (mode + timeout + Lambda URI),
// so a change is either fully applied or not at all.
import { TRANSFER_MODES, type IntegrationChange, type IntegrationSettings, type TransferMode } from '../../shared/model';
import {
  BUFFERED_MAX_TIMEOUT_MS,
  canStream,
  lambdaUriForMode,
  lambdaUriMatchesMode,
  streamingNotSupportedMessage,
  validateTimeout,
} from '../rules/integrationRules';
import type { PatchOperation } from './types';

export type PatchPlan = { ops: PatchOperation[]; after: IntegrationSettings } | { error: string };

/** Checks what can be checked without knowing the integration (so bad input costs no call). */
export function precheckChange(change: IntegrationChange): string | undefined {
  const mode = change.responseTransferMode;
  if (mode !== undefined && !(TRANSFER_MODES as readonly string[]).includes(mode)) {
    return `Unknown response transfer mode "${String(mode)}"; use STREAM or BUFFERED`;
  }
  if (change.timeoutInMillis !== undefined) {
    // Without the current mode, the widest bound (STREAM) is the only safe refusal here.
    return validateTimeout(mode ?? 'STREAM', change.timeoutInMillis);
  }
  if (mode === undefined) return 'Nothing to change: give a response transfer mode and/or a timeout';
  return undefined;
}

export function buildIntegrationPatch(
  current: IntegrationSettings,
  change: IntegrationChange,
  bufferedQuotaMs = BUFFERED_MAX_TIMEOUT_MS,
): PatchPlan {
  const pre = precheckChange(change);
  if (pre) return { error: pre };
  const mode: TransferMode = change.responseTransferMode ?? current.responseTransferMode;
  if (mode === 'STREAM' && !canStream(current.type)) return { error: streamingNotSupportedMessage(current.type) };

  const timeout = change.timeoutInMillis ?? current.timeoutInMillis;
  const modeChanges = mode !== current.responseTransferMode;
  if (change.timeoutInMillis !== undefined || modeChanges) {
    const timeoutError = validateTimeout(mode, timeout, bufferedQuotaMs);
    if (timeoutError) {
      return {
        error: change.timeoutInMillis === undefined
          ? `${timeoutError}: the current timeout ${timeout} ms is too long for ${mode}; set a timeout together with the mode`
          : timeoutError,
      };
    }
  }

  // A Lambda URI must be in the form of the mode, or invokes fail; fix it in the same call.
  const uri = current.uri !== undefined && !lambdaUriMatchesMode(current.uri, mode) ? lambdaUriForMode(current.uri, mode) : current.uri;

  const ops: PatchOperation[] = [];
  if (modeChanges) ops.push({ op: 'replace', path: '/responseTransferMode', value: mode });
  if (timeout !== current.timeoutInMillis) ops.push({ op: 'replace', path: '/timeoutInMillis', value: String(timeout) });
  if (uri !== current.uri && uri !== undefined) ops.push({ op: 'replace', path: '/uri', value: uri });
  const after: IntegrationSettings = { ...current, responseTransferMode: mode, timeoutInMillis: timeout };
  if (uri !== undefined) after.uri = uri;
  return { ops, after };
}

/** The single patch that puts mode, timeout and URI back to `before`, whatever happened since. */
export function buildUndoPatch(before: IntegrationSettings): PatchOperation[] {
  const ops: PatchOperation[] = [
    { op: 'replace', path: '/responseTransferMode', value: before.responseTransferMode },
    { op: 'replace', path: '/timeoutInMillis', value: String(before.timeoutInMillis) },
  ];
  if (before.uri !== undefined) ops.push({ op: 'replace', path: '/uri', value: before.uri });
  return ops;
}

/** Applies our patch operations to settings, as the service does (used by tests and previews). */
export function applyPatch(settings: IntegrationSettings, ops: readonly PatchOperation[]): IntegrationSettings {
  const next = { ...settings };
  for (const op of ops) {
    if (op.path === '/responseTransferMode') next.responseTransferMode = op.value as TransferMode;
    else if (op.path === '/timeoutInMillis') next.timeoutInMillis = Number(op.value);
    else next.uri = op.value;
  }
  return next;
}
