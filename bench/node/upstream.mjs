// A stand-in for an OpenAI-compatible provider on Node.js's own HTTP server, with Node's defaults:
// the kind of mock upstream that people put behind a gateway when they measure it with wrk.
// Answers POST /v1/chat/completions and POST /v1/responses like the harness's Java fake upstream
// (ChatCompletionResponder): the assistant echoes the last user message, as JSON or as an SSE
// stream of --chunks content chunks (Responses: response.output_text.delta events between
// response.created and response.completed), --chunk-delay ms apart, after --first-byte-delay ms.
//
// Usage: node bench/node/upstream.mjs [--port 0] [--chunks 20] [--chunk-delay 0] [--first-byte-delay 0]
// Prints "fake upstream (node) at http://127.0.0.1:PORT/v1" once it listens.
import http from 'node:http';

const options = { port: 0, chunks: 20, 'chunk-delay': 0, 'first-byte-delay': 0 };
for (let i = 2; i < process.argv.length; i += 2) {
  const name = process.argv[i].replace(/^--/, '');
  if (!(name in options) || i + 1 >= process.argv.length) {
    console.error(`unknown or incomplete option ${process.argv[i]}`);
    process.exit(2);
  }
  options[name] = Number.parseInt(process.argv[i + 1], 10);
}

let ids = 0;

function textOf(content) {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.filter((p) => p && (p.type === 'text' || p.type === 'input_text')).map((p) => String(p.text ?? '')).join('');
  }
  return '';
}

function split(text, parts) {
  const pieces = [];
  let start = 0;
  for (let i = 1; i <= parts; i++) {
    let end = Math.floor((text.length * i) / parts);
    const code = text.charCodeAt(end - 1);
    if (end > start && end < text.length && code >= 0xd800 && code <= 0xdbff) end++;
    end = Math.max(end, start);
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

function chunk(id, created, model, delta, finish) {
  return { id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_veil_bench',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] };
}

function fail(res, status, message) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ error: { message, type: 'invalid_request_error', param: null, code: null } }));
}

const later = (ms) => new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : resolve()));

function outputText(text) {
  return { type: 'output_text', text, annotations: [] };
}

function message(text, done) {
  return { id: 'msg_node', type: 'message', status: done ? 'completed' : 'in_progress', role: 'assistant',
    content: text === null ? [] : [outputText(text)] };
}

function response(id, model, status, item, usage) {
  return { id, object: 'response', created_at: Math.floor(Date.now() / 1000), status, model,
    output: item ? [item] : [], store: false, usage: usage ?? null };
}

async function answerResponses(res, request) {
  const input = request.input;
  if (typeof input !== 'string' && !Array.isArray(input)) {
    fail(res, 400, 'input must be a string or an array');
    return;
  }
  let promptChars = String(request.instructions ?? '').length;
  let echo = typeof input === 'string' ? input : '';
  if (typeof input === 'string') promptChars += input.length;
  else {
    for (const item of input) {
      const text = textOf(item && item.content);
      promptChars += text.length;
      if (item && item.role === 'user') echo = text;
    }
  }
  const prompt = Math.ceil(promptChars / 4);
  const completion = Math.ceil(echo.length / 4);
  const usage = { input_tokens: prompt, input_tokens_details: { cached_tokens: 0 }, output_tokens: completion,
    output_tokens_details: { reasoning_tokens: 0 }, total_tokens: prompt + completion };
  const id = `resp_node${++ids}`;
  const model = String(request.model ?? 'unknown');
  await later(options['first-byte-delay']);
  if (!request.stream) {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(response(id, model, 'completed', message(echo, true), usage)));
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  let sequence = 0;
  const send = (type, fields) => res.write(`event: ${type}\ndata: ${JSON.stringify(
    { type, ...fields, sequence_number: sequence++ })}\n\n`);
  const part = { item_id: 'msg_node', output_index: 0, content_index: 0 };
  send('response.created', { response: response(id, model, 'in_progress', null, null) });
  send('response.output_item.added', { output_index: 0, item: message(null, false) });
  send('response.content_part.added', { ...part, part: outputText('') });
  const pieces = split(echo, options.chunks);
  for (let i = 0; i < pieces.length; i++) {
    if (i > 0) await later(options['chunk-delay']);
    send('response.output_text.delta', { ...part, delta: pieces[i], logprobs: [] });
  }
  send('response.output_text.done', { ...part, text: echo, logprobs: [] });
  send('response.content_part.done', { ...part, part: outputText(echo) });
  send('response.output_item.done', { output_index: 0, item: message(echo, true) });
  send('response.completed', { response: response(id, model, 'completed', message(echo, true), usage) });
  res.end();
}

async function answer(req, res, raw) {
  if (req.method === 'POST' && req.url === '/v1/responses') {
    let request;
    try {
      request = JSON.parse(raw);
    } catch {
      fail(res, 400, 'request body is not JSON');
      return;
    }
    await answerResponses(res, request ?? {});
    return;
  }
  if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
    res.writeHead(404);
    res.end();
    return;
  }
  let request;
  try {
    request = JSON.parse(raw);
  } catch {
    fail(res, 400, 'request body is not JSON');
    return;
  }
  if (!request || !Array.isArray(request.messages) || request.messages.length === 0) {
    fail(res, 400, 'messages must be a non-empty array');
    return;
  }
  const model = String(request.model ?? 'unknown');
  let promptChars = 0;
  let echo = '';
  for (const m of request.messages) {
    const text = textOf(m && m.content);
    promptChars += text.length;
    if (m && m.role === 'user') echo = text;
  }
  const prompt = Math.ceil(promptChars / 4);
  const completion = Math.ceil(echo.length / 4);
  const usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } };
  const id = `chatcmpl-node${++ids}`;
  const created = Math.floor(Date.now() / 1000);
  await later(options['first-byte-delay']);
  if (!request.stream) {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ id, object: 'chat.completion', created, model,
      choices: [{ index: 0, message: { role: 'assistant', content: echo, refusal: null }, logprobs: null,
        finish_reason: 'stop' }], usage, system_fingerprint: 'fp_veil_bench' }));
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  const send = (data) => res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
  send(chunk(id, created, model, { role: 'assistant', content: '' }, null));
  const pieces = split(echo, options.chunks);
  for (let i = 0; i < pieces.length; i++) {
    if (i > 0) await later(options['chunk-delay']);
    send(chunk(id, created, model, { content: pieces[i] }, null));
  }
  send(chunk(id, created, model, {}, 'stop'));
  if (request.stream_options && request.stream_options.include_usage) {
    send({ id, object: 'chat.completion.chunk', created, model, choices: [], usage });
  }
  send('[DONE]');
  res.end();
}

const server = http.createServer((req, res) => {
  const parts = [];
  req.on('data', (b) => parts.push(b));
  req.on('end', () => {
    answer(req, res, Buffer.concat(parts).toString('utf8')).catch(() => {
      if (!res.headersSent) fail(res, 500, 'mock failed');
      else res.destroy();
    });
  });
});
server.listen(options.port, '127.0.0.1', () => {
  console.log(`fake upstream (node) at http://127.0.0.1:${server.address().port}/v1`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
