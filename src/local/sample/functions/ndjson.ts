// Sample function: NDJSON records spread over time (default 20 records, one every 150 ms).
import { intParam, sampleHandler, scaled } from './kit';

export const handler = sampleHandler((event) => ({
  statusCode: 200,
  headers: { 'Content-Type': 'application/x-ndjson' },
  async produce(_e, sink) {
    const count = intParam(event, 'count', 20, 1, 10_000);
    const interval = scaled(intParam(event, 'intervalMs', 150, 0, 60_000));
    for (let seq = 1; seq <= count; seq++) {
      if (seq > 1) await sink.pause(interval);
      const record = { seq, of: count, at: new Date().toISOString(), reading: Math.round(500 + 400 * Math.sin(seq / 3)) / 10 };
      await sink.send(JSON.stringify(record) + '\n');
    }
  },
}));
