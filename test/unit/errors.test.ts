import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

import {
	ProviderError,
	TransportError,
	redact,
	toNodeError,
} from '../../nodes/shared/output/errors';

const node = {
	id: '1',
	name: 'Test',
	type: 'x.test',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
} as INode;

describe('error mapping', () => {
	it('redacts secrets and their URL-encoded forms', () => {
		expect(redact('key=p@ss/w0rd and p%40ss%2Fw0rd', ['p@ss/w0rd'])).toBe('key=*** and ***');
		expect(redact('short ab stays', ['ab'])).toBe('short ab stays');
	});

	it('keeps the provider text, status and data on a NodeApiError', () => {
		const error = toNodeError(
			node,
			new ProviderError('TourCMS refused the update: FAIL_SIG', {
				httpCode: 401,
				providerStatus: 'FAIL_SIG',
				description: 'check the key s3cret',
				data: { correlationId: 'abc', echo: 's3cret' },
			}),
			3,
			'TourCMS',
			['s3cret'],
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('TourCMS refused the update: FAIL_SIG');
		expect(error.description).toBe('check the key ***');
		expect((error as NodeApiError).httpCode).toBe('401');
		expect(error.context.itemIndex).toBe(3);
		expect(JSON.stringify(error)).not.toContain('s3cret');
	});

	it('says when a failed request may still have been acted on', () => {
		const error = toNodeError(
			node,
			new TransportError(
				'Could not get an answer from X: the connection was reset (ECONNRESET)',
				'ECONNRESET',
				true,
			),
			0,
			'X',
			[],
		);
		expect(error.message).toBe(
			'Could not get an answer from X: the connection was reset (ECONNRESET)',
		);
		expect(error.description).toMatch(/may have reached X/);
	});

	it('passes n8n errors through with the item index, and wraps anything else', () => {
		const original = new NodeOperationError(node, 'bad key 1234secret');
		const same = toNodeError(node, original, 2, 'X', ['1234secret']);
		expect(same).toBe(original);
		expect(same.message).toBe('bad key ***');
		expect(same.context.itemIndex).toBe(2);
		expect(toNodeError(node, new Error('boom'), 1, 'X', [])).toBeInstanceOf(NodeOperationError);
	});
});
