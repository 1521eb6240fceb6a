import { OTHER_CONTEXT } from '../../nodes/Intrepid/request';
import { startIntrepidEmulator } from '../../sandbox/intrepid';
import { patchRequests, runIntrepid, type IntrepidEmulator } from '../intrepid/helpers';
import { startEachTest } from '../harness/lifecycle';

const ID_RULE = 'be a whole number greater than 0 (digits only)';
const CONTEXT_RULE = 'be one name of letters and digits starting with a letter, e.g. Trips';
const changesPath = (what: string) => ` (it contains ${what}, which would change the request path)`;

/** Path pieces that would reach another resource (or another query) if they went into the URL as typed. */
const HOSTILE_IDS: Array<[string, string]> = [
	['9001/../../Customers/9002', '"/"'],
	['../9002', '"/"'],
	['9001%2F..%2F9002', '"%"'],
	['9001?id=9002', '"?"'],
	['9001#9002', '"#"'],
	['90 01', 'a space'],
	['9001\t9002', 'a space'],
	['..', '".."'],
	['9001\\9002', '"\\"'],
];

describe('Intrepid path and JSON: no value can change the request path, a header or another JSON key', () => {
	let emulator: IntrepidEmulator;
	startEachTest(startIntrepidEmulator, (started) => (emulator = started));

	const BASE = {
		context: 'Trips',
		contextId: '7001',
		customerId: '9001',
		updateFields: { homePhone: '0311110000' },
	};

	it.each(HOSTILE_IDS)(
		'Customer ID %j: refused naming the field, no request at all',
		async (value, what) => {
			const result = await runIntrepid(emulator, { ...BASE, customerId: '={{ $json.id }}' }, [
				{ json: { id: value } },
			]);
			expect(result.error?.message).toBe(
				`Invalid input in item 0: "Customer ID" (id) must ${ID_RULE}${changesPath(what)}; got "${value}"`,
			);
			expect(result.error?.description).toBe('Nothing was sent for this item.');
			expect(emulator.requests).toHaveLength(0);
			expect(emulator.customer(9001).homePhone).toBeUndefined();
		},
	);

	it.each(HOSTILE_IDS)(
		'Context ID %j: refused naming the field, no request at all',
		async (value, what) => {
			const result = await runIntrepid(emulator, { ...BASE, contextId: '={{ $json.id }}' }, [
				{ json: { id: value } },
			]);
			expect(result.error?.message).toBe(
				`Invalid input in item 0: "Context ID" (contextId) must ${ID_RULE}${changesPath(what)}; got "${value}"`,
			);
			expect(emulator.requests).toHaveLength(0);
		},
	);

	const HOSTILE_CONTEXTS: Array<[string, string]> = [
		['Trips/../Customers', '"/"'],
		['../Booking', '"/"'],
		['Trips%2F7002', '"%"'],
		['Trips?x=1', '"?"'],
		['Trips#x', '"#"'],
		['Tri ps', 'a space'],
		['Trips\r\nX-Evil: 1', 'a space'],
	];

	it.each(HOSTILE_CONTEXTS)(
		'Other Context %j: refused naming the field, no request at all',
		async (value, what) => {
			const result = await runIntrepid(
				emulator,
				{ ...BASE, context: OTHER_CONTEXT, otherContext: '={{ $json.c }}' },
				[{ json: { c: value } }],
			);
			expect(result.error?.message).toBe(
				`Invalid input in item 0: "Other Context" (context) must ${CONTEXT_RULE}${changesPath(what)}; got "${value}"`,
			);
			expect(emulator.requests).toHaveLength(0);
		},
	);

	it.each(HOSTILE_CONTEXTS)(
		'Context from an expression %j: refused naming the field, no request at all',
		async (value, what) => {
			const result = await runIntrepid(emulator, { ...BASE, context: '={{ $json.c }}' }, [
				{ json: { c: value } },
			]);
			expect(result.error?.message).toBe(
				`Invalid input in item 0: "Context" (context) must ${CONTEXT_RULE}${changesPath(what)}; got "${value}"`,
			);
			expect(emulator.requests).toHaveLength(0);
		},
	);

	it('with a continue mode, only the hostile items fail: the good ones reach exactly their own path', async () => {
		const result = await runIntrepid(
			emulator,
			{ ...BASE, customerId: '={{ $json.id }}' },
			[{ json: { id: '9001' } }, { json: { id: '9001/../9002' } }, { json: { id: '9001?x' } }],
			{ onError: 'continueErrorOutput' },
		);
		const [main, errors] = result.outputs('Intrepid');
		expect(main.map((i) => i.pairedItem)).toEqual([{ item: 0 }]);
		expect(errors.map((e) => [e.pairedItem, e.json.error])).toEqual([
			[
				{ item: 1 },
				`Invalid input in item 1: "Customer ID" (id) must ${ID_RULE}${changesPath('"/"')}; got "9001/../9002"`,
			],
			[
				{ item: 2 },
				`Invalid input in item 2: "Customer ID" (id) must ${ID_RULE}${changesPath('"?"')}; got "9001?x"`,
			],
		]);
		expect(emulator.requests.map((r) => [r.method, r.url])).toEqual([
			['PATCH', '/Trips/7001/Customers/9001'],
		]);
	});

	it('without a continue mode, one hostile item stops the run before anything is sent', async () => {
		const result = await runIntrepid(emulator, { ...BASE, contextId: '={{ $json.id }}' }, [
			{ json: { id: '7001' } },
			{ json: { id: '7001 ' } },
			{ json: { id: '7001%2F' } },
		]);
		expect(result.error?.message).toBe(
			`Invalid input in item 2: "Context ID" (contextId) must ${ID_RULE}${changesPath('"%"')}; got "7001%2F"`,
		);
		expect(emulator.requests).toHaveLength(0);
	});

	it('a value that looks like JSON is one string in one field: status and other keys are untouched', async () => {
		const city = '","status":"cancelled","homeAddress":{"city":"X"},"singleSupplement":"true';
		const note = '"}\r\nX-Evil: 1\r\n\r\n{"status":"cancelled';
		const result = await runIntrepid(emulator, {
			...BASE,
			updateFields: { homeAddressCity: city, medicalNote: note },
		});
		expect(result.error).toBeUndefined();
		const [patch] = patchRequests(emulator);
		expect(JSON.parse(patch.text)).toEqual({ homeAddress: { city }, medicalNote: note });
		expect(emulator.requests.filter((r) => 'x-evil' in r.headers)).toHaveLength(0);
		expect(emulator.customer(9001).homeAddress.city).toBe(city);
		expect(emulator.customer(9001).medicalNote).toBe(note);
		expect(emulator.entry('Trips', 7001, 9001)).toMatchObject({
			status: 'tentative',
			singleSupplement: 'false',
		});
	});
});
