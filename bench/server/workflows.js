'use strict';
// The benchmark's contenders as n8n workflows: Webhook (?n=<items>) -> Code node emitting n items ->
// the contender. The webhook answers when the last node has finished, so the call's time is the run's.
const CREDENTIALS = {
	trackfinityApi: { id: 'benchTrackfinity', name: 'Trackfinity (benchmark provider)' },
	tourCmsApi: { id: 'benchTourCms', name: 'TourCMS (benchmark provider)' },
};
const CONCURRENCY = 10;

const GENERATE = [
	'const n = Number($input.first().json.query.n);',
	'const out = new Array(n);',
	"for (let i = 0; i < n; i++) out[i] = { json: { customer_id: String(i + 1), city: 'City ' + i } };",
	'return out;',
].join('\n');

function signingCode(credentials) {
	const { channelId, marketplaceId, apiKey } = credentials.tourCmsApi;
	return [
		"const crypto = require('crypto');",
		`const key = ${JSON.stringify(apiKey)};`,
		"const path = '/c/customer/update.xml';",
		"const esc = (t) => String(t).replace(/[<>&'\"]/g, (c) => '&#' + c.charCodeAt(0) + ';');",
		'return $input.all().map((item) => {',
		'  const time = Math.floor(Date.now() / 1000);',
		`  const signature = encodeURIComponent(crypto.createHmac('sha256', key).update('${channelId}/${marketplaceId}/POST/' + time + path).digest('base64'));`,
		'  return { json: {',
		`    authorization: 'TourCMS ${channelId}:${marketplaceId}:' + signature,`,
		'    date: new Date(time * 1000).toUTCString(),',
		"    xml: '<?xml version=\"1.0\" encoding=\"UTF-8\"?><customer><customer_id>' + esc(item.json.customer_id) + '</customer_id><city>' + esc(item.json.city) + '</city></customer>',",
		'  } };',
		'});',
	].join('\n');
}

/** The contender node(s) of each workflow, after the generator. */
const CONTENDERS = {
	trackfinityExpressions: {
		label: 'Trackfinity node, expressions, Concurrency 10',
		provider: 'trackfinity',
		nodes: () => [
			{
				name: 'Trackfinity',
				type: 'n8n-nodes-customer-update.trackfinity',
				typeVersion: 1,
				parameters: {
					operation: 'updateCustomer',
					lookupBy: 'customer_id',
					customerId: '={{ $json.customer_id }}',
					updateFields: { city: '={{ $json.city }}' },
					options: { concurrency: CONCURRENCY },
				},
				credentials: { trackfinityApi: CREDENTIALS.trackfinityApi },
			},
		],
	},
	trackfinityAutoMap: {
		label: 'Trackfinity node, Map Input Fields Automatically, Concurrency 10',
		provider: 'trackfinity',
		nodes: () => [
			{
				name: 'Trackfinity',
				type: 'n8n-nodes-customer-update.trackfinity',
				typeVersion: 1,
				parameters: {
					operation: 'updateCustomer',
					lookupBy: 'customer_id',
					customerId: '={{ $json.customer_id }}',
					mappingMode: 'autoMapInputData',
					options: { concurrency: CONCURRENCY },
				},
				credentials: { trackfinityApi: CREDENTIALS.trackfinityApi },
			},
		],
	},
	trackfinityHttpRequest: {
		label: 'HTTP Request node 4.2, same request, keys as plain headers (all items at once)',
		provider: 'trackfinity',
		nodes: (url, credentials) => [
			{
				name: 'HTTP Request',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				parameters: {
					method: 'PATCH',
					url: `${url}/api/customer/set_customer_details`,
					authentication: 'none',
					sendHeaders: true,
					headerParameters: {
						parameters: [
							{ name: 'Accept', value: 'application/json' },
							{ name: 'api-username', value: credentials.trackfinityApi.apiUsername },
							{ name: 'api-key', value: credentials.trackfinityApi.apiKey },
						],
					},
					sendBody: true,
					contentType: 'form-urlencoded',
					bodyParameters: {
						parameters: [
							{ name: 'customer_id', value: '={{ $json.customer_id }}' },
							{ name: 'city', value: '={{ $json.city }}' },
						],
					},
					options: {},
				},
			},
		],
	},
	tourCmsExpressions: {
		label: 'TourCMS node, expressions, Concurrency 10',
		provider: 'tourcms',
		nodes: () => [
			{
				name: 'TourCMS',
				type: 'n8n-nodes-customer-update.tourCms',
				typeVersion: 1,
				parameters: {
					operation: 'updateCustomer',
					customerId: '={{ $json.customer_id }}',
					updateFields: { city: '={{ $json.city }}' },
					options: { concurrency: CONCURRENCY },
				},
				credentials: { tourCmsApi: CREDENTIALS.tourCmsApi },
			},
		],
	},
	tourCmsAutoMap: {
		label: 'TourCMS node, Map Input Fields Automatically, Concurrency 10',
		provider: 'tourcms',
		nodes: () => [
			{
				name: 'TourCMS',
				type: 'n8n-nodes-customer-update.tourCms',
				typeVersion: 1,
				parameters: {
					operation: 'updateCustomer',
					customerId: '={{ $json.customer_id }}',
					mappingMode: 'autoMapInputData',
					options: { concurrency: CONCURRENCY },
				},
				credentials: { tourCmsApi: CREDENTIALS.tourCmsApi },
			},
		],
	},
	tourCmsCodeHttpRequest: {
		label: 'Code node signs + HTTP Request node 4.2 (all items at once)',
		provider: 'tourcms',
		nodes: (url, credentials) => [
			{
				name: 'Sign',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				parameters: { jsCode: signingCode(credentials) },
			},
			{
				name: 'HTTP Request',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				parameters: {
					method: 'POST',
					url: `${url}/c/customer/update.xml`,
					authentication: 'none',
					sendHeaders: true,
					headerParameters: {
						parameters: [
							{ name: 'Authorization', value: '={{ $json.authorization }}' },
							{ name: 'x-tourcms-date', value: '={{ $json.date }}' },
						],
					},
					sendBody: true,
					contentType: 'raw',
					rawContentType: 'text/xml;charset="utf-8"',
					body: '={{ $json.xml }}',
					options: {},
				},
			},
		],
	},
};

function workflowId(key) {
	return `bench${key[0].toUpperCase()}${key.slice(1)}`.slice(0, 21);
}

/** The workflow of one contender: its webhook path is `bench-<key>`. */
function contenderWorkflow(key, url, credentials) {
	const id = workflowId(key);
	const chain = [
		{
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: `0b1e5c4a-0000-4000-8000-${String(Object.keys(CONTENDERS).indexOf(key)).padStart(12, '0')}`,
			parameters: { httpMethod: 'POST', path: `bench-${key}`, responseMode: 'lastNode', responseData: 'firstEntryJson', options: {} },
		},
		{ name: 'Items', type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode: GENERATE } },
		...CONTENDERS[key].nodes(url, credentials),
	];
	const nodes = chain.map((n, i) => ({ id: `${id.slice(0, 12)}-node-${i}`, position: [i * 220, 0], ...n }));
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { id, name: `Benchmark: ${CONTENDERS[key].label}`, nodes, connections, active: false, settings: { executionOrder: 'v1' } };
}

/** Names of the contender's own nodes (what follows the webhook and the item generator). */
function contenderNodeNames(key, url, credentials) {
	return CONTENDERS[key].nodes(url, credentials).map((n) => n.name);
}

function benchCredentials(credentials) {
	return Object.entries(CREDENTIALS).map(([type, ref]) => ({ ...ref, type, data: credentials[type] }));
}

module.exports = { CONTENDERS, CONCURRENCY, contenderNodeNames, contenderWorkflow, workflowId, benchCredentials };
