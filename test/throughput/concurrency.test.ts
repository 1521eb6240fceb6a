import { startTourCmsEmulator } from '../../sandbox/tourcms';
import type { TourCmsEmulator } from '../tourcms/helpers';
import { citiesSent, errorItems, runCities } from './helpers';
import { startEachTest } from '../harness/lifecycle';

describe('concurrency and output order', () => {
	let emulator: TourCmsEmulator;

	startEachTest(startTourCmsEmulator, (started) => (emulator = started));

	it('sends strictly one request at a time with Concurrency 1', async () => {
		emulator.setKnobs({ latencyMs: 30 });
		const { result } = await runCities(emulator, 6, { concurrency: 1 });
		const [main] = result.outputs('TourCMS');
		expect(errorItems(main)).toEqual([]);
		expect(emulator.stats.maxInFlight).toBe(1);
		expect(citiesSent(emulator)).toEqual([
			'City 0',
			'City 1',
			'City 2',
			'City 3',
			'City 4',
			'City 5',
		]);
		// Each request starts only after the previous one was answered.
		for (let i = 1; i < emulator.requests.length; i++) {
			expect(emulator.requests[i].at).toBeGreaterThanOrEqual(
				emulator.requests[i - 1].answeredAt as number,
			);
		}
	});

	it('keeps exactly Concurrency requests in flight, never more', async () => {
		emulator.setKnobs({ latencyMs: 150 });
		const { result } = await runCities(emulator, 12, { concurrency: 4 });
		expect(errorItems(result.outputs('TourCMS')[0])).toEqual([]);
		expect(emulator.requests).toHaveLength(12);
		expect(emulator.stats.maxInFlight).toBe(4);
	});

	it('defaults to 5 requests in flight', async () => {
		emulator.setKnobs({ latencyMs: 150 });
		const { result } = await runCities(emulator, 11, {});
		expect(errorItems(result.outputs('TourCMS')[0])).toEqual([]);
		expect(emulator.stats.maxInFlight).toBe(5);
	});

	it('outputs items in input order although answers arrive out of order', async () => {
		emulator.setKnobs({ latencyMs: 5, jitterMs: 60 });
		const { result, items } = await runCities(emulator, 24, { concurrency: 6 });
		const [main] = result.outputs('TourCMS');
		expect(errorItems(main)).toEqual([]);
		const answerOrder = [...emulator.requests]
			.sort((a, b) => (a.answeredAt as number) - (b.answeredAt as number))
			.map((r) => /<city>([^<]*)<\/city>/.exec(r.text)?.[1]);
		const inputOrder = items.map((i) => i.json.city);
		// The jitter really reordered the answers...
		expect(answerOrder).not.toEqual(inputOrder);
		expect([...answerOrder].sort()).toEqual([...inputOrder].sort());
		// ...and the output still follows the input, item by item.
		expect(main.map((i) => i.pairedItem)).toEqual(items.map((_, n) => ({ item: n })));
		expect(main.map((i) => i.json.customerId)).toEqual(items.map((i) => i.json.id));
	});
});
