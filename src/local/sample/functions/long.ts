// Sample function: work that takes longer than API Gateway's 29 s BUFFERED limit (35 s by
// default), reporting progress every second as server-sent events.
import { intParam, sampleHandler, scaled } from './kit';

export const handler = sampleHandler((event) => ({
  statusCode: 200,
  headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' },
  async produce(_e, sink) {
    const seconds = intParam(event, 'seconds', 35, 1, 900);
    for (let s = 0; s <= seconds; s++) {
      if (s > 0) await sink.pause(scaled(1000));
      const progress = { step: s, of: seconds, percent: Math.round((s / seconds) * 100) };
      await sink.send(`event: progress\ndata: ${JSON.stringify(progress)}\n\n`);
    }
    await sink.send(`event: done\ndata: ${JSON.stringify({ result: 'finished', seconds })}\n\n`);
  },
}));
