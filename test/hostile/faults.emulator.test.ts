import { FAULT_MODES } from '../../sandbox/lib/faults';
import { startServer } from '../../sandbox/lib/server';

type Emulator = Awaited<ReturnType<typeof startServer>>;

/** The fault switch itself, on a bare server whose handler counts what it applied. */
describe('emulator fault switch (sandbox/lib/faults.js)', () => {
	let emulator: Emulator;
	let applied = 0;

	beforeEach(async () => {
		applied = 0;
		emulator = await startServer(async () => {
			applied += 1;
			return {
				status: 200,
				headers: { 'content-type': 'application/json' },
				body: { status: 'success', id: applied },
			};
		});
	});

	afterEach(async () => {
		await emulator.close();
	});

	async function call(): Promise<
		{ status: number; type: string | null; text: string } | { failed: string }
	> {
		try {
			const response = await fetch(`${emulator.url}/customer`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: '{}',
				signal: AbortSignal.timeout(300),
			});
			return {
				status: response.status,
				type: response.headers.get('content-type'),
				text: await response.text(),
			};
		} catch (error) {
			return { failed: (error as Error).name };
		}
	}

	it('knows every documented mode', () => {
		expect(Object.keys(FAULT_MODES).sort()).toEqual([
			'echo-request',
			'error-body-200',
			'gzip-bomb',
			'header-flood',
			'html-5xx',
			'huge-error',
			'malformed',
			'other-customer',
			'redirect',
			'reset',
			'reset-after-apply',
			'timeout',
			'timeout-after-apply',
			'trickle',
			'truncated',
			'wrong-content-type',
		]);
	});

	it.each([
		['timeout', false],
		['timeout-after-apply', true],
		['reset', false],
		['reset-after-apply', true],
		['html-5xx', false],
		['malformed', true],
		['wrong-content-type', false],
		['error-body-200', false],
		['truncated', true],
	])(
		'%s answers the next request broken (applied: %s), then the emulator answers normally again',
		async (mode, applies) => {
			emulator.setKnobs({ fault: { mode, count: 1 } });
			const broken = await call();
			expect(applied).toBe(applies ? 1 : 0);
			expect(emulator.requests[0].outcome).toBe(`fault:${mode}`);
			switch (mode) {
				case 'timeout':
				case 'timeout-after-apply':
					expect(broken).toEqual({ failed: 'TimeoutError' });
					break;
				case 'reset':
				case 'reset-after-apply':
				case 'truncated':
					expect(broken).toEqual({ failed: 'TypeError' });
					break;
				case 'html-5xx':
					expect(broken).toMatchObject({ status: 500, type: 'text/html; charset=utf-8' });
					expect((broken as { text: string }).text).toMatch(
						/^<!DOCTYPE html>.*500 Internal Server Error/,
					);
					break;
				case 'malformed':
					expect(broken).toMatchObject({ status: 200, type: 'application/json' });
					expect(() => JSON.parse((broken as { text: string }).text)).toThrow();
					break;
				case 'wrong-content-type':
					expect(broken).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
					break;
				case 'error-body-200':
					expect(broken).toEqual({
						status: 200,
						type: 'application/json',
						text: '{"status":"error","error":"Internal error: please try again later"}',
					});
					break;
			}
			const next = applied + 1;
			expect(await call()).toEqual({
				status: 200,
				type: 'application/json',
				text: `{"status":"success","id":${next}}`,
			});
			expect((emulator.knobs as Record<string, unknown>).fault).toMatchObject({ mode, count: 0 });
		},
	);

	it('redirect answers 301 (or the status asked for) pointing back at itself, without applying the request', async () => {
		emulator.setKnobs({ fault: { mode: 'redirect', count: 2 } });
		const first = await fetch(`${emulator.url}/customer?x=1`, {
			method: 'POST',
			body: '{}',
			redirect: 'manual',
		});
		expect([first.status, first.headers.get('location')]).toEqual([
			301,
			`${emulator.url}/customer?x=1`,
		]);
		emulator.setKnobs({
			fault: { mode: 'redirect', count: 1, status: 308, location: 'https://moved.example/api' },
		});
		const second = await fetch(`${emulator.url}/customer`, {
			method: 'POST',
			body: '{}',
			redirect: 'manual',
		});
		expect([second.status, second.headers.get('location')]).toEqual([
			308,
			'https://moved.example/api',
		]);
		expect(applied).toBe(0);
		expect(emulator.requests.map((r) => r.outcome)).toEqual(['fault:redirect', 'fault:redirect']);
	});

	it('answers exactly `count` requests with the fault', async () => {
		emulator.setKnobs({ fault: { mode: 'html-5xx', count: 2, status: 502 } });
		const statuses = [];
		for (let i = 0; i < 3; i++) statuses.push(((await call()) as { status: number }).status);
		expect(statuses).toEqual([502, 502, 200]);
		expect(emulator.requests.map((r) => r.status)).toEqual([502, 502, 200]);
	});

	it('refuses an unknown mode loudly', async () => {
		emulator.setKnobs({ fault: { mode: 'explode', count: 1 } });
		expect(await call()).toEqual({
			status: 500,
			type: 'text/plain',
			text: expect.stringMatching(/^unknown fault mode "explode"; known: timeout, /),
		});
		expect(applied).toBe(0);
	});
});
