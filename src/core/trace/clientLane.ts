// The client's lane from a streaming-engine run: its chunk marks on the trace clock. `startPerf`
// is performance.now() taken just before runRequest (the engine's t0 follows synchronously).
import type { ClientLane } from '../../shared/trace';
import type { RunResult } from '../stream/engine';

export function clientLaneOf(result: Pick<RunResult, 'chunks' | 'timing'>, startPerf: number): ClientLane {
  return { startedAt: performance.timeOrigin + startPerf, marks: result.chunks, timing: result.timing };
}
