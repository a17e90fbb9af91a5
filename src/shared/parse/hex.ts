// Classic hex dump (offset, 16 bytes in hex, printable ASCII), for the Hex tab and the CLI.
// `offset` lets a virtualized view format any window of a large body with true offsets.

export interface HexDumpOptions {
  /** Offset of bytes[0] within the whole body, printed in the left column. */
  offset?: number;
  bytesPerLine?: number;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function printable(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
}

/** One string per line: `00000010  48 65 6c 6c 6f 20 77 6f  72 6c 64 0a              |Hello world.|` */
export function hexDumpLines(bytes: Uint8Array, options: HexDumpOptions = {}): string[] {
  const base = options.offset ?? 0;
  const width = options.bytesPerLine ?? 16;
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`bytesPerLine must be a positive integer, got ${width}`);
  const half = Math.ceil(width / 2);
  const lines: string[] = [];
  for (let start = 0; start < bytes.length; start += width) {
    const row = bytes.subarray(start, Math.min(start + width, bytes.length));
    let hex = '';
    let ascii = '';
    for (let i = 0; i < width; i++) {
      if (i === half) hex += ' ';
      if (i < row.length) {
        hex += HEX[row[i]!] + ' ';
        ascii += printable(row[i]!);
      } else {
        hex += '   ';
      }
    }
    lines.push(`${(base + start).toString(16).padStart(8, '0')}  ${hex} |${ascii}|`);
  }
  return lines;
}

export function formatHexDump(bytes: Uint8Array, options: HexDumpOptions = {}): string {
  return hexDumpLines(bytes, options).join('\n');
}
