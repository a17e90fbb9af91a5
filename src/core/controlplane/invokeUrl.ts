// Invoke URLs. AWS: https://{id}.execute-api.{region}.amazonaws.com/{stage}{path}.
// A gateway on a loopback endpoint (the embedded local gateway, LocalStack) serves the
// data plane under /restapis/{id}/{stage}/_user_request_{path} on the same host and port.

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1', '0.0.0.0']);

export function isLocalEndpoint(endpoint: string | undefined): boolean {
  if (!endpoint) return false;
  try {
    const host = new URL(endpoint).hostname.toLowerCase();
    return LOOPBACK_HOSTS.has(host) || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

function normalizePath(path: string): string {
  if (!path || path === '/') return '/';
  return path.startsWith('/') ? path : `/${path}`;
}

export function invokeUrl(apiId: string, region: string, stage: string, path: string, endpointOverride?: string): string {
  const resourcePath = normalizePath(path);
  const stagePart = encodeURIComponent(stage);
  if (endpointOverride && isLocalEndpoint(endpointOverride)) {
    const base = new URL(endpointOverride);
    return `${base.protocol}//${base.host}/restapis/${encodeURIComponent(apiId)}/${stagePart}/_user_request_${resourcePath}`;
  }
  return `https://${apiId}.execute-api.${region}.amazonaws.com/${stagePart}${resourcePath}`;
}
