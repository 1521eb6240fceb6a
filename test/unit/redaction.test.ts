import { NodeApiError } from 'n8n-workflow';

import { cutText, redact, toNodeError, ProviderError } from '../../nodes/shared/output/errors';
import { tourCmsSignature } from '../../nodes/TourCms/signature';

const node = {
	id: '1',
	name: 'TourCMS',
	type: 'test',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
} as never;

describe('texts shown to the user', () => {
	it('are cut to the limit, saying how long they were', () => {
		expect(cutText('abcdef', 3)).toBe('abc…(6 characters)');
		expect(cutText('abc', 3)).toBe('abc');
	});

	it('lose a URL-encoded secret in its raw, URL-encoded and decoded spellings', () => {
		const signature = tourCmsSignature({
			channelId: 3930,
			marketplaceId: 0,
			verb: 'POST',
			time: 1700000000,
			path: '/c/customer/update.xml',
			apiKey: 'k',
		});
		const decoded = decodeURIComponent(signature);
		expect(signature).not.toBe(decoded);
		const text = `a ${signature} b ${encodeURIComponent(signature)} c ${decoded} d`;
		expect(redact(text, [signature])).toBe('a *** b *** c *** d');
	});

	it('lose a TourCMS Authorization value by its form, but keep "TourCMS refused the update"', () => {
		const error = toNodeError(
			node,
			new ProviderError(
				'TourCMS refused the update: saw TourCMS 3930:0:abc%2Bdef%3D and TourCMS%203930%3A0%3Axyz',
				{ description: 'x'.repeat(5000) },
			),
			0,
			'TourCMS',
			[],
		) as NodeApiError;
		expect(error.message).toBe(
			'TourCMS refused the update: saw TourCMS 3930:0:*** and TourCMS%203930%3A0%3A***',
		);
		expect(error.description).toBe(`${'x'.repeat(1200)}…(5000 characters)`);
	});
});
