import { RequestGate } from '../../nodes/shared/request/requestGate';
import { abortListenerCount } from '../harness/runtime';
import { TransportError } from '../../nodes/shared/output/errors';
import {
	backoffMs,
	isIdempotent,
	parseRetryAfter,
	transientFailureOf,
} from '../../nodes/shared/request/retry';

const response = (statusCode: number, headers: Record<string, string> = {}) => ({
	statusCode,
	headers,
	body: '',
});

describe('retry policy', () => {
	it('reads Retry-After as seconds or as an HTTP-date against the answer Date', () => {
		expect(parseRetryAfter({ 'retry-after': '3' })).toBe(3000);
		expect(parseRetryAfter({ 'retry-after': '0.5' })).toBe(500);
		expect(
			parseRetryAfter({
				'retry-after': 'Wed, 21 Oct 2026 07:28:05 GMT',
				date: 'Wed, 21 Oct 2026 07:28:00 GMT',
			}),
		).toBe(5000);
		const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
		expect(parseRetryAfter({ 'retry-after': 'Wed, 21 Oct 2026 07:28:02 GMT' }, now)).toBe(2000);
		expect(parseRetryAfter({ 'retry-after': 'soon' })).toBeUndefined();
		expect(parseRetryAfter({})).toBeUndefined();
	});

	it('classifies what may be retried and how', () => {
		expect(transientFailureOf(response(429, { 'retry-after': '2' }), undefined)).toEqual({
			kind: 'rateLimited',
			reason: 'HTTP 429',
			retryAfterMs: 2000,
		});
		expect(transientFailureOf(response(503), undefined)).toMatchObject({
			kind: 'ambiguous',
			reason: 'HTTP 503',
		});
		expect(transientFailureOf(response(500), undefined)).toBeUndefined();
		expect(transientFailureOf(response(200), undefined)).toBeUndefined();
		expect(
			transientFailureOf(undefined, new TransportError('x', 'ECONNREFUSED', false)),
		).toMatchObject({
			kind: 'neverReached',
		});
		expect(
			transientFailureOf(undefined, new TransportError('x', 'ECONNABORTED', true)),
		).toMatchObject({
			kind: 'ambiguous',
			reason: 'timeout (ECONNABORTED)',
		});
		expect(
			transientFailureOf(undefined, new TransportError('x', 'ENOTFOUND', false)),
		).toBeUndefined();
	});

	it('backs off exponentially with jitter, within bounds', () => {
		expect(backoffMs(1, () => 0)).toBe(125);
		expect(backoffMs(1, () => 1)).toBe(250);
		expect(backoffMs(3, () => 0)).toBe(500);
		expect(backoffMs(3, () => 1)).toBe(1000);
		expect(backoffMs(20, () => 1)).toBe(10_000);
	});

	it('treats only reads, or writes that cannot create, as idempotent', () => {
		expect(isIdempotent('GET', true)).toBe(true);
		expect(isIdempotent('POST', true)).toBe(false);
		expect(isIdempotent('POST', false)).toBe(true);
	});
});

describe('request gate', () => {
	it('spaces starts by Max Requests per Second', async () => {
		const gate = new RequestGate(20, 4);
		const started = Date.now();
		for (let i = 0; i < 5; i++) {
			await gate.acquire();
			gate.release();
		}
		expect(Date.now() - started).toBeGreaterThanOrEqual(195);
	});

	it('holds every start until the provider budget refills once it is used up', async () => {
		const gate = new RequestGate(0, 2);
		gate.observeQuota({ remaining: 0, resetInMs: 300 });
		const started = Date.now();
		await gate.acquire();
		expect(Date.now() - started).toBeGreaterThanOrEqual(300 + 450);
	});

	it('counts requests in flight against the remaining budget', async () => {
		const gate = new RequestGate(0, 4);
		await gate.acquire();
		await gate.acquire();
		// Two hits left, two requests on their way: nothing more may start before the reset.
		gate.observeQuota({ remaining: 2, resetInMs: 200 });
		const started = Date.now();
		await gate.acquire();
		expect(Date.now() - started).toBeGreaterThanOrEqual(200 + 450);
	});

	it('spreads the last hits over the rest of the window and ignores stale higher readings', async () => {
		const gate = new RequestGate(0, 1);
		gate.observeQuota({ remaining: 5, resetInMs: 1000 });
		gate.observeQuota({ remaining: 9, resetInMs: 1000 });
		const started = Date.now();
		for (let i = 0; i < 3; i++) {
			await gate.acquire();
			gate.release();
		}
		// 1000 ms over 5 hits: 200 ms between starts.
		expect(Date.now() - started).toBeGreaterThanOrEqual(390);
	});

	it('spreads starts over the round trip once answers take long enough, so lanes do not move in lockstep', async () => {
		const gate = new RequestGate(0, 10);
		// Ten lanes, answers after 80 ms: starts 0.75 × 80 / 10 = 6 ms apart.
		for (let i = 0; i < 10; i++) expect(gate.tryAcquire()).toBe(true);
		for (let i = 0; i < 10; i++) gate.release(80);
		expect(gate.tryAcquire()).toBe(true);
		expect(gate.tryAcquire()).toBe(false);
		const started = Date.now();
		for (let i = 0; i < 5; i++) await gate.acquire();
		expect(Date.now() - started).toBeGreaterThanOrEqual(5 * 6 - 2);
		expect(gate.inFlight).toBe(6);
	});

	it("leaves no listener on the execution's cancel signal after its waits, and a cancel still ends a wait", async () => {
		const cancel = new AbortController();
		const gate = new RequestGate(0, 10, cancel.signal);
		for (let i = 0; i < 10; i++) gate.tryAcquire();
		for (let i = 0; i < 10; i++) gate.release(80);
		for (let i = 0; i < 5; i++) await gate.acquire();
		await gate.wait(5);
		// n8n's sleepWithAbort alone would have left one listener per wait on the long-lived signal.
		expect(abortListenerCount(cancel.signal)).toBe(0);
		const waiting = gate.wait(60000);
		expect(abortListenerCount(cancel.signal)).toBe(1);
		cancel.abort();
		await expect(waiting).rejects.toThrow();
		expect(abortListenerCount(cancel.signal)).toBe(0);
	});

	it('does not space starts when answers come back fast, or for a single lane', () => {
		const fast = new RequestGate(0, 10);
		fast.tryAcquire();
		fast.release(15);
		// 0.75 × 15 / 10 = 1.1 ms: below PACE_MIN_MS, nothing to gain.
		for (let i = 0; i < 10; i++) expect(fast.tryAcquire()).toBe(true);
		const single = new RequestGate(0, 1);
		single.tryAcquire();
		single.release(500);
		expect(single.tryAcquire()).toBe(true);
		// A failure without an answer says nothing about the round trip.
		const failed = new RequestGate(0, 10);
		failed.tryAcquire();
		failed.release(undefined);
		expect(failed.tryAcquire()).toBe(true);
		expect(failed.tryAcquire()).toBe(true);
	});
});
