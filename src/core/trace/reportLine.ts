// Lambda's REPORT line ("REPORT RequestId: … Duration: 2282.81 ms Billed Duration: 2283 ms
// Memory Size: 128 MB Max Memory Used: 60 MB Init Duration: 243.40 ms").
export interface LambdaReport {
  requestId: string;
  durationMs: number;
  billedMs: number | null;
  memorySizeMb: number | null;
  maxMemoryUsedMb: number | null;
  /** Present after a cold start only. */
  initMs: number | null;
}

export function parseReportLine(message: string): LambdaReport | undefined {
  const id = /^REPORT RequestId:\s*([0-9a-zA-Z-]+)/.exec(message.trim());
  const duration = /\bDuration:\s*([\d.]+)\s*ms/.exec(message);
  if (!id || !duration) return undefined;
  const num = (re: RegExp): number | null => { const m = re.exec(message); return m ? Number(m[1]) : null; };
  return {
    requestId: id[1]!, durationMs: Number(duration[1]), billedMs: num(/Billed Duration:\s*([\d.]+)\s*ms/),
    memorySizeMb: num(/Memory Size:\s*(\d+)\s*MB/), maxMemoryUsedMb: num(/Max Memory Used:\s*(\d+)\s*MB/), initMs: num(/Init Duration:\s*([\d.]+)\s*ms/),
  };
}
