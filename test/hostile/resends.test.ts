import { NO_CONTEXT } from '../../nodes/Intrepid/request';
import { startClientToolboxEmulator } from '../../sandbox/clienttoolbox';
import { startIntrepidEmulator } from '../../sandbox/intrepid';
import { startTourCmsEmulator } from '../../sandbox/tourcms';
import {
	ACCOUNT,
	ANN,
	JOHN,
	runClientToolbox,
	sentFields,
	sentTypes,
	type ClientToolboxEmulator,
} from '../clienttoolbox/helpers';
import { patchRequests, runIntrepid, type IntrepidEmulator } from '../intrepid/helpers';
import { runTourCms, type TourCmsEmulator } from '../tourcms/helpers';
import {
	ANSWER_LOST,
	INTREPID_FAULTS,
	NOT_RETRIED,
	connectionReset,
	timedOut,
} from './cases/faults';
import { faultOnly, mayHaveActed } from './helpers';
import { startEachTest } from '../harness/lifecycle';

describe('TourCMS: what is sent again after a fault', () => {
	let emulator: TourCmsEmulator;
	startEachTest(startTourCmsEmulator, (started) => (emulator = started));

	it('an update is idempotent, so with retries on a reset after the update was applied is retried once and stored once', async () => {
		emulator.setKnobs({ fault: { mode: 'reset-after-apply', count: 1 } });
		const result = await runTourCms(emulator, {
			customerId: '12345',
			updateFields: { city: 'Faultville' },
			options: { concurrency: 1, maxRetries: 2, timeoutMs: 2000 },
		});
		expect(result.error).toBeUndefined();
		const [main] = result.outputs('TourCMS');
		// The second attempt finds the value already stored: TourCMS says NO DATA CHANGED.
		expect(main[0].json).toMatchObject({
			status: 'unchanged',
			providerStatus: 'NO DATA CHANGED',
			attempts: 2,
		});
		expect(emulator.requests.map((r) => r.outcome ?? 'answered')).toEqual([
			'fault:reset-after-apply',
			'answered',
		]);
		expect(emulator.customer(3930, 12345).city).toBe('Faultville');
	});
});

describe('Intrepid: what is sent again after a fault', () => {
	let emulator: IntrepidEmulator;
	startEachTest(startIntrepidEmulator, (started) => (emulator = started));

	// An Intrepid PATCH sets values and creates nothing, so a second one after a lost answer is safe.
	it.each(INTREPID_FAULTS.modes)(
		'$mode, retries on: retried only when the answer was lost, and never more than once here',
		async ({ mode, applied }) => {
			const retried = ANSWER_LOST.includes(mode);
			emulator.setKnobs({ fault: { mode, count: 1 } });
			const result = await runIntrepid(
				emulator,
				{
					context: NO_CONTEXT,
					customerId: '9001',
					updateFields: { homePhone: '0311110001' },
					options: { concurrency: 1, maxRetries: 2, timeoutMs: 400 },
				},
				undefined,
				{ onError: 'continueErrorOutput' },
			);
			const [success, errors] = result.outputs('Intrepid');
			expect(patchRequests(emulator).map((r) => r.outcome ?? 'answered')).toEqual(
				retried ? [`fault:${mode}`, 'answered'] : [`fault:${mode}`],
			);
			if (retried) {
				expect(errors).toHaveLength(0);
				expect(success[0].json).toMatchObject({ status: 'updated', attempts: 2 });
				expect(emulator.customer(9001).homePhone).toBe('0311110001');
			} else {
				expect(success).toHaveLength(0);
				expect(errors).toHaveLength(1);
				expect(emulator.customer(9001).homePhone).toBe(applied ? '0311110001' : undefined);
			}
		},
	);

	it('a set-once name whose answer was lost is safely sent again: the retry carries the same value and is accepted', async () => {
		emulator.setKnobs({ fault: { mode: 'reset-after-apply', count: 1 } });
		const result = await runIntrepid(
			emulator,
			{
				context: 'Trips',
				contextId: '7001',
				customerId: '9002',
				updateFields: { title: 'Ms', firstName: 'Maggie', surname: 'Simpson' },
				options: { maxRetries: 2, timeoutMs: 400 },
			},
			undefined,
			{ onError: 'continueErrorOutput' },
		);
		const [success, errors] = result.outputs('Intrepid');
		expect(errors).toHaveLength(0);
		expect(success[0].json).toMatchObject({ status: 'updated', attempts: 2 });
		expect(patchRequests(emulator)).toHaveLength(2);
		expect(emulator.patches).toHaveLength(2);
		expect(emulator.customer(9002)).toMatchObject({
			title: 'Ms',
			firstName: 'Maggie',
			surname: 'Simpson',
		});
	});

	it('a supplier status change (202 Accepted) whose answer was lost is sent again and lands once', async () => {
		emulator.setKnobs({ fault: { mode: 'timeout-after-apply', count: 1 } });
		const result = await runIntrepid(emulator, {
			context: 'Trips',
			contextId: '7001',
			customerId: '9001',
			updateFields: { status: 'cancelled', externalReference: 'ABCD2-12345' },
			options: { maxRetries: 1, timeoutMs: 400 },
		});
		expect(result.error).toBeUndefined();
		expect(result.outputs('Intrepid')[0][0].json).toMatchObject({ status: 'updated', attempts: 2 });
		expect(patchRequests(emulator)).toHaveLength(2);
		// The second PATCH finds the customer already cancelled: nothing changes twice.
		expect(emulator.patches.map((p) => p.status)).toEqual([202, 200]);
		expect(emulator.entry('Trips', 7001, 9001).status).toBe('cancelled');
	});
});

describe('Client Toolbox: what is sent again after a fault', () => {
	const MAY_HAVE_ACTED = mayHaveActed('Client Toolbox');
	const TIMED_OUT = timedOut('Client Toolbox', 1500);
	const RESET = connectionReset('Client Toolbox');

	let emulator: ClientToolboxEmulator;
	startEachTest(startClientToolboxEmulator, (started) => (emulator = started));

	// The customer_info check before an edit is answered normally: only the edit meets the fault.
	const faultEdits = (mode: string) =>
		faultOnly(emulator, (request) => sentFields(request).type === 'record_customer', { mode });

	it.each(['reset-after-apply', 'timeout-after-apply'])(
		'%s on an edit without a code: exactly one customer is created, and the edit is never sent again',
		async (mode) => {
			emulator.setKnobs({ fault: { mode, count: 1 } });
			const card = '8080808080';
			const result = await runClientToolbox(
				emulator,
				{
					matchBy: 'cardNumber',
					cardNumber: card,
					ifNoMatch: 'create',
					updateFields: { first_name: 'Newton' },
					options: { maxRetries: 5, timeoutMs: 1500 },
				},
				undefined,
				{ onError: 'continueErrorOutput' },
			);
			const [success, errors] = result.outputs('Client Toolbox');
			expect(success).toHaveLength(0);
			expect(errors[0].json.error).toBe(mode === 'reset-after-apply' ? RESET : TIMED_OUT);
			expect(String(errors[0].error?.description)).toContain(MAY_HAVE_ACTED);
			expect(String(errors[0].error?.description)).toMatch(NOT_RETRIED);
			expect(emulator.requests).toHaveLength(1);
			expect(emulator.customers(ACCOUNT)).toHaveLength(7);
			expect(
				emulator.customers(ACCOUNT).filter((c: { card_number?: string }) => c.card_number === card),
			).toEqual([expect.objectContaining({ first_name: 'Newton', card_number: card })]);
			expect(emulator.edits.map((e) => e.action)).toEqual(['new']);
		},
	);

	it('an edit by card number that would otherwise match is not resent either (it could create)', async () => {
		emulator.setKnobs({ fault: { mode: 'reset-after-apply', count: 1 } });
		const result = await runClientToolbox(
			emulator,
			{
				matchBy: 'cardNumber',
				cardNumber: ANN.card,
				ifNoMatch: 'create',
				updateFields: { city: 'Oslo' },
				options: { maxRetries: 5, timeoutMs: 1500 },
			},
			undefined,
			{ onError: 'continueRegularOutput' },
		);
		expect(result.outputs('Client Toolbox')[0][0].json.error).toBe(RESET);
		expect(emulator.requests).toHaveLength(1);
		expect(emulator.customer(ACCOUNT, ANN.code)?.city).toBe('Oslo');
		expect(emulator.customers(ACCOUNT)).toHaveLength(6);
	});

	describe('with a code and "Fail Without Changing Anything" the edit cannot create, so a lost answer is retried', () => {
		const cannotCreate = {
			matchBy: 'code',
			code: JOHN.code,
			ifNoMatch: 'fail',
			updateFields: { city: 'Oslo' },
			options: { maxRetries: 2, timeoutMs: 1500 },
		};

		it.each(ANSWER_LOST)(
			'%s on the edit: sent again, updated, no customer created',
			async (mode) => {
				faultEdits(mode);
				const result = await runClientToolbox(emulator, cannotCreate, undefined, {
					onError: 'continueErrorOutput',
				});
				const [success, errors] = result.outputs('Client Toolbox');
				expect(errors).toHaveLength(0);
				// Attempts count every request of the item: the check, the lost edit and the edit sent again.
				expect(success[0].json).toMatchObject({
					status: 'updated',
					customerId: JOHN.code,
					attempts: 3,
				});
				expect(sentTypes(emulator)).toEqual([
					'customer_info',
					'record_customer',
					'record_customer',
				]);
				expect(emulator.requests.map((r) => r.outcome ?? 'answered')).toEqual([
					'answered',
					`fault:${mode}`,
					'answered',
				]);
				expect(emulator.edits.map((e) => [e.code, e.action])).toEqual(
					mode.endsWith('after-apply')
						? [
								[JOHN.code, 'update'],
								[JOHN.code, 'update'],
							]
						: [[JOHN.code, 'update']],
				);
				expect(emulator.customer(ACCOUNT, JOHN.code)?.city).toBe('Oslo');
				expect(emulator.customers(ACCOUNT)).toHaveLength(6);
			},
		);

		it('a lost answer to the read-only check is retried as well, then the edit is sent once', async () => {
			emulator.setKnobs({ fault: { mode: 'reset', count: 1 } });
			const result = await runClientToolbox(emulator, cannotCreate);
			expect(result.error).toBeUndefined();
			expect(sentTypes(emulator)).toEqual(['customer_info', 'customer_info', 'record_customer']);
			expect(emulator.edits).toHaveLength(1);
		});

		it.each(['html-5xx', 'malformed', 'wrong-content-type', 'error-body-200', 'truncated'])(
			'%s on the edit: an answer came, so it is not retried',
			async (mode) => {
				faultEdits(mode);
				const result = await runClientToolbox(emulator, cannotCreate, undefined, {
					onError: 'continueErrorOutput',
				});
				expect(result.outputs('Client Toolbox')[1]).toHaveLength(1);
				expect(sentTypes(emulator)).toEqual(['customer_info', 'record_customer']);
				expect(emulator.customers(ACCOUNT)).toHaveLength(6);
			},
		);
	});
});
