// Sample function: ~40 OpenAI-style chat.completion.chunk events over ~2 s, then [DONE].
import { sampleHandler, scaled } from './kit';

const ANSWER = ('Response streaming lets API Gateway send each token as soon as the model produces it, ' +
  'so the first words appear in well under a second instead of after the whole answer is ready. ' +
  'Switch this integration between BUFFERED and STREAM, redeploy, and compare the timelines.').split(/(?<= )/);

export const handler = sampleHandler(() => ({
  statusCode: 200,
  headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' },
  async produce(_event, sink) {
    const id = `chatcmpl-local-${Date.now().toString(36)}`;
    const created = Math.floor(Date.now() / 1000);
    const chunk = (delta: Record<string, string>, finish: string | null) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: 'streamgate-local', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    await sink.send(chunk({ role: 'assistant', content: '' }, null));
    for (const [i, token] of ANSWER.entries()) {
      await sink.pause(scaled(50));
      await sink.send(chunk({ content: token }, null));
      if (i % 10 === 9) console.log(`yielded token ${i + 1}`);
    }
    await sink.send(chunk({}, 'stop'));
    await sink.send('data: [DONE]\n\n');
  },
}));
