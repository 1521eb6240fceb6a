import { AddWave, WAVE_GROW_WITHIN_MS } from '../../nodes/shared/resume/addWave';

describe('AddWave: how many adds one store call records before they go out', () => {
	let now = 1_000_000;
	beforeEach(() => {
		now = 1_000_000;
		jest.spyOn(Date, 'now').mockImplementation(() => now);
	});
	afterEach(() => jest.restoreAllMocks());

	it('starts at Concurrency and doubles when the adds a call recorded ran low within WAVE_GROW_WITHIN_MS', () => {
		const wave = new AddWave(5);
		expect(wave.size).toBe(5);
		wave.recorded();
		now += WAVE_GROW_WITHIN_MS - 1;
		wave.ranLow(1);
		expect(wave.size).toBe(10);
	});

	it('grows once per call recorded, however many lanes run low before the next', () => {
		const wave = new AddWave(5);
		wave.recorded();
		wave.ranLow(1);
		wave.ranLow(1);
		wave.ranLow(1);
		expect(wave.size).toBe(10);
		wave.recorded();
		wave.ranLow(1);
		expect(wave.size).toBe(20);
	});

	it('stays as it is when the adds a call recorded lasted WAVE_GROW_WITHIN_MS or longer, or no call recorded any', () => {
		const wave = new AddWave(5);
		wave.ranLow(1);
		expect(wave.size).toBe(5);
		wave.recorded();
		now += WAVE_GROW_WITHIN_MS;
		wave.ranLow(1);
		expect(wave.size).toBe(5);
	});

	it('grows to 8 × Concurrency at most, shared among the executions of the node in the process', () => {
		const grown = (sharing: number) => {
			const wave = new AddWave(3);
			for (let call = 0; call < 10; call++) {
				wave.recorded();
				wave.ranLow(sharing);
			}
			return wave.size;
		};
		expect(grown(1)).toBe(24);
		expect(grown(2)).toBe(12);
		expect(grown(4)).toBe(6);
		// Never below Concurrency.
		expect(grown(10)).toBe(3);
	});

	it('comes back within the share when more executions join', () => {
		const wave = new AddWave(5);
		for (let call = 0; call < 3; call++) {
			wave.recorded();
			wave.ranLow(1);
		}
		expect(wave.size).toBe(40);
		wave.ranLow(4);
		expect(wave.size).toBe(10);
	});
});
