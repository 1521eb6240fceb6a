'use strict';
// The same update, item by item, for every contender: our node, n8n's HTTP Request node and the raw loop.
const crypto = require('crypto');

const TOURCMS_IDS = ['12345', '12346', '12347'];
const TRACKFINITY_IDS = ['191', '192', '193'];

function items(provider, count) {
	const ids = provider === 'tourcms' ? TOURCMS_IDS : TRACKFINITY_IDS;
	return Array.from({ length: count }, (_, i) => ({ json: { id: ids[i % ids.length], city: `City ${i}` } }));
}

/** Our node's parameters for `items()`. */
function nodeParameters(provider, options) {
	if (provider === 'tourcms') {
		return { operation: 'updateCustomer', customerId: '={{ $json.id }}', updateFields: { city: '={{ $json.city }}' }, options };
	}
	return {
		operation: 'updateCustomer',
		lookupBy: 'customer_id',
		customerId: '={{ $json.id }}',
		updateFields: { city: '={{ $json.city }}' },
		options,
	};
}

/** The same update with plain values instead of expressions: the cost of n8n's expressions left out. */
function fixedNodeParameters(provider, options) {
	const parameters = nodeParameters(provider, options);
	const [id] = provider === 'tourcms' ? TOURCMS_IDS : TRACKFINITY_IDS;
	return { ...parameters, customerId: id, updateFields: { city: 'City' } };
}

/** n8n's HTTP Request node (v4.2) sending exactly what the Trackfinity node sends. */
function httpRequestParameters(url, credentials) {
	return {
		method: 'PATCH',
		url: `${url}/api/customer/set_customer_details`,
		authentication: 'none',
		sendHeaders: true,
		headerParameters: {
			parameters: [
				{ name: 'Accept', value: 'application/json' },
				{ name: 'api-username', value: credentials.apiUsername },
				{ name: 'api-key', value: credentials.apiKey },
			],
		},
		sendBody: true,
		contentType: 'form-urlencoded',
		bodyParameters: {
			parameters: [
				{ name: 'customer_id', value: '={{ $json.id }}' },
				{ name: 'city', value: '={{ $json.city }}' },
			],
		},
		options: {},
	};
}

function xmlEscape(text) {
	return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The raw request for one item, built the cheapest way that is still correct (signed, encoded). */
function rawRequest(provider, item, credentials) {
	const { id, city } = item.json;
	if (provider === 'tourcms') {
		const time = Math.floor(Date.now() / 1000);
		const path = '/c/customer/update.xml';
		const toSign = `${credentials.channelId}/${credentials.marketplaceId}/POST/${time}${path}`;
		const signature = encodeURIComponent(crypto.createHmac('sha256', credentials.apiKey).update(toSign).digest('base64'));
		return {
			method: 'POST',
			path,
			headers: {
				'Content-Type': 'text/xml;charset="utf-8"',
				Authorization: `TourCMS ${credentials.channelId}:${credentials.marketplaceId}:${signature}`,
				'x-tourcms-date': new Date(time * 1000).toUTCString(),
			},
			body: `<?xml version="1.0" encoding="UTF-8"?><customer><customer_id>${xmlEscape(id)}</customer_id><city>${xmlEscape(city)}</city></customer>`,
		};
	}
	return {
		method: 'PATCH',
		path: '/api/customer/set_customer_details',
		headers: {
			'Content-Type': 'application/x-www-form-urlencoded',
			Accept: 'application/json',
			'api-username': credentials.apiUsername,
			'api-key': credentials.apiKey,
		},
		body: `customer_id=${encodeURIComponent(id)}&city=${encodeURIComponent(city)}`,
	};
}

module.exports = { items, nodeParameters, fixedNodeParameters, httpRequestParameters, rawRequest };
