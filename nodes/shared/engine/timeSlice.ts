import { sleep } from 'n8n-workflow';

/**
 * n8n runs every workflow, webhook and the editor on one event loop. Reading thousands of items
 * (mostly n8n's expression evaluation) in one synchronous stretch would freeze all of them, so a
 * long loop asks `due()` per step and gives way with `yield()` once it has held the loop this long.
 */
export const SLICE_MS = 5;

export class TimeSlice {
	private startedAt = Date.now();

	constructor(private readonly sliceMs: number = SLICE_MS) {}

	/** Whether this slice of work has used up its time. */
	due(): boolean {
		return Date.now() - this.startedAt >= this.sliceMs;
	}

	/** Lets timers and I/O that are waiting run, then starts a new slice. */
	async yield(): Promise<void> {
		await sleep(0);
		this.startedAt = Date.now();
	}
}
