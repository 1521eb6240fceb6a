/**
 * Runs `task` for every index with at most `limit` in flight. Stops starting new tasks once
 * `shouldStop()` is true; tasks already running are awaited either way.
 */
export async function runBounded(
	indices: readonly number[],
	limit: number,
	task: (index: number) => Promise<void>,
	shouldStop: () => boolean = () => false,
): Promise<void> {
	let next = 0;
	const lane = async (): Promise<void> => {
		while (next < indices.length && !shouldStop()) {
			const index = indices[next++];
			await task(index);
		}
	};
	const lanes = Math.max(1, Math.min(Math.floor(limit) || 1, indices.length));
	await Promise.all(Array.from({ length: lanes }, lane));
}
