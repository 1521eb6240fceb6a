'use strict';
// A chat model that answers from a script: an OpenAI-compatible server on an OS-chosen loopback port that
// n8n's OpenAI Chat Model node reaches through its credential's Base URL. It records every request (messages,
// tools) and answers each with the next turn of the script: a tool call, or a final text.
//
//   const model = await startScriptedModel();
//   model.script([toolCall({ customerId: '12345', ... }), finalText('Done.')]);
//   ... run the workflow ...
//   model.requests[1].messages  // the second request carries the tool's result
//
// A turn may also be a function of the request (e.g. to answer differently after an error).
const http = require('http');

const MODEL_ID = 'scripted-model';

/** The assistant asks for one call of the request's only tool (or of `tool`) with these arguments. */
function toolCall(args, { tool, id } = {}) {
	return { kind: 'toolCall', args, tool, id };
}

/** The assistant's final answer. */
function finalText(text) {
	return { kind: 'text', text };
}

function toolNameFor(turn, body) {
	if (turn.tool) return turn.tool;
	const tools = body.tools ?? [];
	if (tools.length !== 1) {
		throw new Error(`the script names no tool and the request offers ${tools.length}: ${tools.map((t) => t.function?.name)}`);
	}
	return tools[0].function.name;
}

function completion(turn, body, index) {
	const created = Math.floor(Date.now() / 1000);
	const base = { id: `chatcmpl-scripted-${index}`, object: 'chat.completion', created, model: body.model ?? MODEL_ID };
	const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
	if (turn.kind === 'toolCall') {
		const call = {
			id: turn.id ?? `call_scripted_${index}`,
			type: 'function',
			function: { name: toolNameFor(turn, body), arguments: JSON.stringify(turn.args) },
		};
		return {
			...base,
			choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [call] }, finish_reason: 'tool_calls', logprobs: null }],
			usage,
		};
	}
	return {
		...base,
		choices: [{ index: 0, message: { role: 'assistant', content: turn.text }, finish_reason: 'stop', logprobs: null }],
		usage,
	};
}

function readJson(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			try {
				resolve(text ? JSON.parse(text) : {});
			} catch (error) {
				reject(error);
			}
		});
		req.on('error', reject);
	});
}

function send(res, status, body) {
	const data = Buffer.from(JSON.stringify(body));
	res.writeHead(status, { 'content-type': 'application/json', 'content-length': data.length });
	res.end(data);
}

async function startScriptedModel() {
	const model = {
		/** Every chat completion request: `{ body, headers }` in arrival order. */
		requests: [],
		/** Other requests the client made (e.g. GET /v1/models), as `METHOD path`. */
		otherRequests: [],
		turns: [],
		url: '',
		/** Replaces the script and clears the request log. */
		script(turns) {
			this.turns = [...turns];
			this.requests = [];
			this.otherRequests = [];
		},
	};

	const server = http.createServer(async (req, res) => {
		const path = (req.url ?? '').split('?')[0].replace(/\/+$/, '');
		try {
			if (req.method === 'GET' && path.endsWith('/models')) {
				model.otherRequests.push(`${req.method} ${path}`);
				send(res, 200, { object: 'list', data: [{ id: MODEL_ID, object: 'model', created: 0, owned_by: 'sandbox' }] });
				return;
			}
			if (req.method !== 'POST' || !path.endsWith('/chat/completions')) {
				model.otherRequests.push(`${req.method} ${path}`);
				send(res, 404, { error: { message: `the scripted model answers only POST /v1/chat/completions, not ${req.method} ${path}`, type: 'invalid_request_error' } });
				return;
			}
			const body = await readJson(req);
			// n8n 2.8.4's agent asks with stream: false unless a Chat Trigger streams its response.
			if (body.stream) {
				send(res, 400, { error: { message: 'the scripted model does not stream', type: 'invalid_request_error' } });
				return;
			}
			const index = model.requests.length;
			model.requests.push({ body, headers: req.headers });
			let turn = model.turns.shift();
			if (typeof turn === 'function') turn = turn(body, index);
			if (!turn) {
				send(res, 400, { error: { message: `the script has no turn left for request ${index + 1}`, type: 'invalid_request_error' } });
				return;
			}
			send(res, 200, completion(turn, body, index));
		} catch (error) {
			send(res, 500, { error: { message: String(error?.message ?? error), type: 'server_error' } });
		}
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	model.port = server.address().port;
	model.url = `http://127.0.0.1:${model.port}/v1`;
	model.close = () => new Promise((resolve) => {
		server.closeAllConnections?.();
		server.close(() => resolve());
	});
	return model;
}

module.exports = { MODEL_ID, startScriptedModel, toolCall, finalText };
