import { ProviderError } from '../../nodes/shared/output/errors';
import type { PreparedRequest } from '../../nodes/shared/engine/types';
import { trackfinityProvider } from '../../nodes/Trackfinity/provider';

const prepared: PreparedRequest = {
	request: { method: 'PATCH', url: 'https://t.example.com/api/customer/set_customer_details' },
	sentFields: ['city'],
	customerId: '191',
	mayCreate: false,
	context: {
		lookupBy: 'customer_id',
		lookupValue: '191',
		removedFields: [],
		ignoredEmptyFields: [],
	},
};

function failure(statusCode: number, body: string): ProviderError {
	let caught: unknown;
	try {
		trackfinityProvider.interpret({ statusCode, headers: {}, body }, prepared);
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(ProviderError);
	return caught as ProviderError;
}

describe('Trackfinity answers the documentation does not describe', () => {
	it('reads true (with surrounding white space) as updated', () => {
		expect(
			trackfinityProvider.interpret({ statusCode: 200, headers: {}, body: ' true\n' }, prepared),
		).toMatchObject({
			status: 'updated',
			customerId: '191',
			changedFields: ['city'],
		});
	});

	it.each([
		[200, 'false', 'Trackfinity did not update the customer: it answered false'],
		[
			200,
			'{"error":"Something odd"}',
			'Trackfinity did not update the customer: it answered Something odd',
		],
		[400, '"Bad value for zip"', 'Trackfinity refused the update (HTTP 400): Bad value for zip'],
		[400, '{"message":"zip too long"}', 'Trackfinity refused the update (HTTP 400): zip too long'],
		[
			404,
			'<html><body><h1>Not Found</h1></body></html>',
			'Trackfinity refused the update (HTTP 404): Not Found',
		],
		[405, '', 'Trackfinity refused the update (HTTP 405): (empty answer)'],
		[500, 'boom', 'Trackfinity failed with a server error (HTTP 500): boom'],
	])('HTTP %i %s fails with the provider text', (status, body, message) => {
		const error = failure(status, body);
		expect(error.message).toBe(message);
		expect(error.details.httpCode).toBe(status);
	});

	it.each([
		[
			401,
			'',
			/^Trackfinity refused the credentials \(HTTP 401: \(empty answer\)\): check API Username\/API Key/,
		],
		[
			400,
			'{"error":"Invalid API key"}',
			/^Trackfinity refused the credentials \(HTTP 400: Invalid API key\): check API Username\/API Key/,
		],
		[
			200,
			'{"error":"Unauthorized"}',
			/^Trackfinity refused the credentials .*check API Username\/API Key/,
		],
		[
			400,
			'{"error":"Your IP is not in ADMIN_API_ALLOWED_IPS"}',
			/^Trackfinity refused this machine's IP address .*: add this machine's IP to ADMIN_API_ALLOWED_IPS/,
		],
		[
			403,
			'Forbidden',
			/^Trackfinity refused access \(HTTP 403: Forbidden\): check API Username\/API Key.*ADMIN_API_ALLOWED_IPS/,
		],
		[
			403,
			'{"error":"nope"}',
			/^Trackfinity refused access \(HTTP 403: nope\): check API Username\/API Key.*, and add this machine's IP to ADMIN_API_ALLOWED_IPS/,
		],
	])('HTTP %i %s is reported as an access problem, plainly', (status, body, message) => {
		expect(failure(status, body).message).toMatch(message);
	});
});
