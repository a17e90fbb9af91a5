// A streaming chat answer as Server-Sent Events, one token at a time. `awslambda` is the global
// the Node.js managed runtime provides (and StreamGate's runtime provides locally).
// `ms` comes from this function's own package.json: CodeUri's node_modules are used as on Lambda.
const ms = require('ms');

const WORDS = 'Streaming lets the first words reach the reader while the rest are still being written .'.split(' ');

exports.handler = awslambda.streamifyResponse(async (event, responseStream) => {
  const started = Date.now();
  const delay = Number(event.queryStringParameters?.delayMs ?? 150);
  const stream = awslambda.HttpResponseStream.from(responseStream, {
    statusCode: 200,
    headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' },
  });
  const tokens = [process.env.GREETING ?? 'Hello', ...WORDS];
  for (const [i, token] of tokens.entries()) {
    console.log(`yielded token ${i}`);
    stream.write(`data: ${JSON.stringify({ index: i, token, elapsed: ms(Date.now() - started) })}\n\n`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  stream.write('data: [DONE]\n\n');
  stream.end();
});
