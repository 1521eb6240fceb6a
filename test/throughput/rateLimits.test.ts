import { startTourCmsEmulator } from '../../sandbox/tourcms';
import type { TourCmsEmulator } from '../tourcms/helpers';
import { errorItems, runCities } from './helpers';
import { startEachTest } from '../harness/lifecycle';

interface Retry {
	reason: string;
	waitedMs: number;
}

describe('rate limits', () => {
	let emulator: TourCmsEmulator;

	startEachTest(startTourCmsEmulator, (started) => (emulator = started));

	it.each(['seconds', 'http-date'])(
		'waits out 429 + Retry-After (%s) and loses no item',
		async (retryAfterFormat) => {
			emulator.setKnobs({ rateLimitPerSecond: 4, retryAfterFormat });
			const { result, items } = await runCities(emulator, 12, { concurrency: 4 });
			const [main] = result.outputs('TourCMS');
			expect(errorItems(main)).toEqual([]);
			expect(main.map((i) => i.json.status)).toEqual(items.map(() => 'updated'));
			expect(emulator.stats.rateLimited).toBeGreaterThan(0);
			const retried = main.filter((i) => i.json.retries);
			expect(retried.length).toBeGreaterThan(0);
			for (const item of retried) {
				const retries = item.json.retries as Retry[];
				expect(retries.every((r) => r.reason === 'HTTP 429')).toBe(true);
				expect(item.json.attempts).toBe(retries.length + 1);
				// Retry-After is at least one second, and it was honoured.
				expect(retries[0].waitedMs).toBeGreaterThanOrEqual(900);
			}
			// Every item was processed exactly once.
			const processed = emulator.requests
				.filter((r) => r.status === 200)
				.map((r) => /<city>([^<]*)</.exec(r.text)?.[1]);
			expect(processed.sort()).toEqual(items.map((i) => i.json.city).sort());
		},
	);

	it('keeps to Max Requests per Second across all lanes', async () => {
		const { result } = await runCities(emulator, 11, { concurrency: 5, maxRequestsPerSecond: 10 });
		expect(errorItems(result.outputs('TourCMS')[0])).toEqual([]);
		const arrivals = emulator.requests.map((r) => r.at);
		expect(arrivals).toHaveLength(11);
		// 11 starts at 10 per second span at least one second (lower bound only; small clock slack).
		expect(arrivals[10] - arrivals[0]).toBeGreaterThanOrEqual(950);
		// No window of one second ever saw more than 10 + 1 starts.
		for (let i = 0; i + 11 < arrivals.length; i++)
			expect(arrivals[i + 11] - arrivals[i]).toBeGreaterThanOrEqual(950);
	});

	it('spreads the last TourCMS hits of the hour until it turns instead of failing items', async () => {
		const hour = 3600_000;
		// The whole process (node, credential signature and emulator) lives 2.5 s before the top of an hour.
		const realNow = Date.now.bind(Date);
		const offset = hour - (realNow() % hour) - 2500;
		const clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
		emulator.setHourlyLimit(20);
		const started = Date.now();
		let run: Awaited<ReturnType<typeof runCities>>;
		try {
			run = await runCities(emulator, 26, { concurrency: 2 });
		} finally {
			clock.mockRestore();
		}
		const { result, items } = run;
		const [main] = result.outputs('TourCMS');
		expect(errorItems(main)).toEqual([]);
		expect(main).toHaveLength(items.length);
		expect(emulator.requests.filter((r) => r.status === 429)).toEqual([]);
		expect(emulator.requests).toHaveLength(26);
		// 26 hits do not fit in a budget of 20: the last hits of the hour were spread out, the rest waited for it to turn.
		const hourTurnedAt = started + 2500;
		expect(emulator.requests.filter((r) => r.at >= hourTurnedAt).length).toBeGreaterThanOrEqual(6);
		expect(emulator.requests[25].at - started).toBeGreaterThanOrEqual(2000);
		const remaining = main.map((i) => (i.json.rateLimit as { remaining: number }).remaining);
		expect(Math.min(...remaining)).toBeGreaterThanOrEqual(0);
	});
});
