// The bench's smallest Lambda proxy function: answers what the "equivalent server" answers.
export const handler = async (event) => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ok: true, q: event.queryStringParameters?.n ?? null }) });
