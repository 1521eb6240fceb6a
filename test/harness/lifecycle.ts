type Closable = { close(): Promise<void> };

/**
 * Starts what `start` makes before each test of the enclosing describe, hands it to `use`, and closes it
 * after the test: an emulator, or a target holding one as `emulator`. A fresh one per test keeps one
 * test's requests, knobs and stored changes out of the next.
 */
export function startEachTest<T extends Closable | { emulator: Closable }>(
	start: () => Promise<T>,
	use: (started: T) => void,
): void {
	let started: T;

	beforeEach(async () => {
		started = await start();
		use(started);
	});

	afterEach(async () => {
		const closable: Closable = 'emulator' in started ? started.emulator : (started as Closable);
		await closable.close();
	});
}
