// Splits a request target into its path and query WITHOUT normalising the path. `new URL()`
// resolves "..", "." and their percent-encoded forms ("%2e%2e"), so an invoke URL such as
// /restapis/ID/dev/_user_request_/%2e%2e/%2e%2e/%2e%2e/restapis would have become a
// control-plane call. The raw path decides which plane answers; each plane decodes its segments
// itself and treats "." and ".." as ordinary values.

export interface RequestTarget {
  /** The path exactly as sent (still percent-encoded). */
  pathname: string;
  searchParams: URLSearchParams;
}

export function parseRequestTarget(raw: string | undefined): RequestTarget | undefined {
  if (!raw || !raw.startsWith('/')) return undefined; // origin-form only: no proxy-style absolute URLs
  const q = raw.indexOf('?');
  const pathname = q === -1 ? raw : raw.slice(0, q);
  const hash = pathname.indexOf('#');
  return {
    pathname: hash === -1 ? pathname : pathname.slice(0, hash),
    searchParams: new URLSearchParams(q === -1 ? '' : raw.slice(q + 1)),
  };
}
