import { CHECKPOINT_EVERY, Checkpoints } from '../../nodes/shared/resume/checkpoints';

/** Confirms the updates at `positions`; returns the checkpoints recorded, in order. */
function confirmAll(checkpoints: Checkpoints, positions: number[]): string[] {
	return positions.flatMap((p) => checkpoints.confirm(p));
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('Checkpoints: hundreds of an input whose every update was confirmed', () => {
	it('records a hundred once every update of it is confirmed, in any order, and only once', () => {
		const checkpoints = new Checkpoints('D', 250);
		expect(confirmAll(checkpoints, range(100, 199))).toEqual([]);
		expect(checkpoints.confirm(199)).toEqual(['all:D:100-200']);
		// The last hundred is as large as what is left of the input.
		expect(confirmAll(checkpoints, range(200, 250).reverse())).toEqual(['all:D:200-250']);
		expect(checkpoints.confirm(199)).toEqual([]);
	});

	it('counts each place once: an update confirmed twice does not stand for one never confirmed', () => {
		const checkpoints = new Checkpoints('D', 250);
		expect(confirmAll(checkpoints, [...range(0, 99), 98])).toEqual([]);
		expect(checkpoints.confirm(99)).toEqual(['all:D:0-100']);
	});

	it('records none for the hundred that completes the input: `all:` stands for it', () => {
		const checkpoints = new Checkpoints('D', 300);
		expect(confirmAll(checkpoints, range(0, 200))).toEqual(['all:D:0-100', 'all:D:100-200']);
		expect(confirmAll(checkpoints, range(200, 300))).toEqual([]);
	});

	it('has none for an input of at most a hundred updates', () => {
		const checkpoints = new Checkpoints('D', CHECKPOINT_EVERY);
		expect(checkpoints.keys()).toEqual([]);
		expect(confirmAll(checkpoints, range(0, CHECKPOINT_EVERY))).toEqual([]);
	});

	it('asks for every hundred beside its question, and trusts only a record found without it', () => {
		const checkpoints = new Checkpoints('D', 301);
		// The record before its question, recorded and taken back: the store drops its oldest records first, and
		// take-backs may be split between calls, so a pair cut in two leaves the question.
		expect(checkpoints.keys()).toEqual([
			'all:D:0-100',
			'ask-all:D:0-100',
			'all:D:100-200',
			'ask-all:D:100-200',
			'all:D:200-300',
			'ask-all:D:200-300',
			'all:D:300-301',
			'ask-all:D:300-301',
		]);
		// 100–199 confirmed before; 200–299 recorded beside a question a look-up cut short left.
		const back = checkpoints.answer(
			new Set([
				'all:D:100-200',
				'ask-all:D:200-300',
				'all:D:200-300',
				'ask-all:D:0-100',
				'all:D:0-100',
			]),
		);
		expect(back).toEqual([
			'all:D:0-100',
			'ask-all:D:0-100',
			'ask-all:D:100-200',
			'all:D:200-300',
			'ask-all:D:200-300',
			'all:D:300-301',
			'ask-all:D:300-301',
		]);
		expect([99, 100, 199, 200].map((p) => checkpoints.covers(p))).toEqual([
			false,
			true,
			true,
			false,
		]);
		expect(checkpoints.firstUncovered()).toBe(0);
		// A hundred found is not recorded again when this run skips its updates.
		expect(confirmAll(checkpoints, range(100, 200))).toEqual([]);
	});

	it('starts the run where the first hundred not found confirmed starts', () => {
		const checkpoints = new Checkpoints('D', 250);
		checkpoints.answer(new Set(['all:D:0-100', 'all:D:100-200']));
		expect(checkpoints.firstUncovered()).toBe(200);
		checkpoints.answer(new Set(['all:D:0-100', 'all:D:100-200', 'all:D:200-250']));
		expect(checkpoints.firstUncovered()).toBe(250);
		// Asked again (a retried call finds its own questions): nothing is trusted.
		checkpoints.answer(new Set(['ask-all:D:0-100', 'all:D:0-100']));
		expect(checkpoints.covers(0)).toBe(false);
		expect(checkpoints.firstUncovered()).toBe(0);
	});
});
