// Media-type matching as API Gateway applies binaryMediaTypes: "type/subtype" entries, with
// "*" wildcards ("image/*", "*/*"), compared without parameters and case-insensitively.

/** "Text/HTML; charset=utf-8" → "text/html". */
export function bareMediaType(value: string): string {
  return value.split(';')[0]!.trim().toLowerCase();
}

function matchesOne(pattern: string, type: string): boolean {
  const [pType = '', pSub = ''] = bareMediaType(pattern).split('/');
  const [tType = '', tSub = ''] = type.split('/');
  return (pType === '*' || pType === tType) && (pSub === '*' || pSub === tSub);
}

/** True when `value` (a Content-Type or one Accept entry) matches any of the binary media types. */
export function matchesMediaType(binaryMediaTypes: readonly string[], value: string): boolean {
  const type = bareMediaType(value);
  if (!type) return false;
  return binaryMediaTypes.some((p) => matchesOne(p, type));
}

/** The first media type of an Accept header ("image/png, *\/*;q=0.8" → "image/png"). */
export function firstAcceptType(accept: string | undefined): string {
  return accept ? bareMediaType(accept.split(',')[0] ?? '') : '';
}
