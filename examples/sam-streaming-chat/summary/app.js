// The buffered counterpart of the chat: builds the whole answer, then returns it at once.
exports.handler = async (event) => {
  const delay = Number(event.queryStringParameters?.delayMs ?? 150);
  const words = [process.env.GREETING ?? 'Hello', ...'a buffered answer arrives all at once .'.split(' ')];
  for (let i = 0; i < words.length; i++) await new Promise((resolve) => setTimeout(resolve, delay));
  return { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ summary: words.join(' ') }) };
};
