import { startClientToolboxEmulator } from '../../sandbox/clienttoolbox';
import { parseAnswer } from '../../nodes/ClientToolbox/answer';
import { ACCOUNT, JOHN, runClientToolbox, sentFields, type ClientToolboxEmulator } from './helpers';
import { startEachTest } from '../harness/lifecycle';

const NODE = 'Client Toolbox';

describe('Client Toolbox answer formats', () => {
	let emulator: ClientToolboxEmulator;

	startEachTest(startClientToolboxEmulator, (started) => (emulator = started));

	it.each([
		['XML (the default)', {}, { output: 'XML' }, 'xml', /^<\?xml[\s\S]*<customer status="new">/],
		['JSON', { responseFormat: 'json' }, { output: 'JSON' }, 'json', /^\{\n\s+"status": "success"/],
		[
			'condensed JSON',
			{ responseFormat: 'json', condensed: true },
			{ output: 'JSON', condensed: 'yes' },
			'json',
			/^\{"status":"success","customer":\{/,
		],
		[
			'JSONP',
			{ responseFormat: 'json', jsonpCallback: 'app.handleCustomer' },
			{ output: 'JSON', callback: 'app.handleCustomer' },
			'jsonp',
			/^app\.handleCustomer\(\{\n/,
		],
		[
			'condensed JSONP',
			{ responseFormat: 'json', jsonpCallback: 'cb', condensed: true },
			{ output: 'JSON', callback: 'cb', condensed: 'yes' },
			'jsonp',
			/^cb\(\{"status":"success"/,
		],
	])(
		'reads %s into the same output, with a generated card number',
		async (_name, options, wire, format, bodyPattern) => {
			const result = await runClientToolbox(
				emulator,
				{
					matchBy: 'code',
					code: '={{ $json.code }}',
					ifNoMatch: 'create',
					updateFields: { card_number_generate: '8' },
					options: { ...options, includeRawResponse: true },
				},
				[{ json: { code: JOHN.code } }, { json: { code: '3000000000000003' } }],
			);
			expect(result.error).toBeUndefined();
			const [updated, created] = result.outputs(NODE)[0].map((i) => i.json);
			expect(updated).toMatchObject({
				status: 'updated',
				providerStatus: 'update',
				customerId: JOHN.code,
				created: false,
				responseFormat: format,
			});
			expect(created).toMatchObject({
				status: 'created',
				providerStatus: 'new',
				created: true,
				responseFormat: format,
			});
			expect(updated.cardNumber).toMatch(/^[1-9]\d{7}$/);
			expect(created.cardNumber).toMatch(/^[1-9]\d{7}$/);
			expect(emulator.customer(ACCOUNT, created.customerId as string)?.card_number).toBe(
				created.cardNumber,
			);
			expect((created.raw as { body: string }).body).toMatch(bodyPattern);
			for (const request of emulator.requests) expect(sentFields(request)).toMatchObject(wire);
		},
	);

	it.each([
		[
			'a JSONP callback with XML',
			{ jsonpCallback: 'cb' },
			'"JSONP Callback" (callback) must be used with Response Format JSON (JSONP wraps JSON)',
		],
		[
			'condensed with XML',
			{ condensed: true },
			'"Condensed" (condensed) must be used with Response Format JSON (it applies only to JSON and JSONP)',
		],
		[
			'a callback that is not a function name',
			{ responseFormat: 'json', jsonpCallback: 'alert(1)//' },
			'"JSONP Callback" (callback) must be a JavaScript function name',
		],
	])('refuses %s before sending', async (_name, options, message) => {
		const result = await runClientToolbox(emulator, {
			matchBy: 'code',
			code: JOHN.code,
			updateFields: { city: 'X' },
			options,
		});
		expect(result.error?.message).toContain(message);
		expect(emulator.requests).toHaveLength(0);
	});

	it('turns an error answer into an item error in every format', async () => {
		for (const options of [
			{},
			{ responseFormat: 'json' },
			{ responseFormat: 'json', jsonpCallback: 'cb', condensed: true },
		]) {
			const result = await runClientToolbox(emulator, {
				matchBy: 'code',
				code: JOHN.code,
				ifNoMatch: 'create',
				customFields: { field: [{ number: '99', value: 'x' }] },
				options,
			});
			expect(result.error?.message).toBe(
				'Client Toolbox refused the update: custom_field_99 is not defined for account greatwidgets: create it with Custom Fields - Create first',
			);
		}
	});
});

describe('parseAnswer', () => {
	it('reads the documented XML shapes', () => {
		expect(
			parseAnswer(
				'<response status="success"><customer status="update"><code>1234567890123456</code><card_number>1234567890</card_number></customer></response>',
			),
		).toEqual({
			format: 'xml',
			status: 'success',
			error: undefined,
			customer: { status: 'update', code: '1234567890123456', card_number: '1234567890' },
		});
		expect(
			parseAnswer(
				'<?xml version="1.0"?>\n<response status="error">\n  <error>Error &amp; message</error>\n</response>',
			),
		).toMatchObject({ status: 'error', error: 'Error & message' });
	});

	it('reads JSON, JSONP and condensed JSON alike', () => {
		const doc = { status: 'success', customer: { status: 'new', code: '1111222233334444' } };
		const expected = { status: 'success', customer: { status: 'new', code: '1111222233334444' } };
		expect(parseAnswer(JSON.stringify(doc, null, 2))).toMatchObject({
			format: 'json',
			...expected,
		});
		expect(parseAnswer(JSON.stringify(doc))).toMatchObject({ format: 'json', ...expected });
		expect(parseAnswer(` fn_1.$x(${JSON.stringify(doc, null, 2)});\n`)).toMatchObject({
			format: 'jsonp',
			...expected,
		});
		expect(parseAnswer('{"status":"error","error":"Bad things"}')).toMatchObject({
			status: 'error',
			error: 'Bad things',
		});
	});

	it.each([
		'',
		'OK',
		'<html><body>502</body></html>',
		'{"result":true}',
		'cb({"status":',
		'<response status="success"><unclosed></response>',
	])('gives undefined for %j', (body) => {
		expect(parseAnswer(body)).toBeUndefined();
	});
});
