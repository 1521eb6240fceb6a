import { sleepUnlessCancelled } from './sleep';

/** What a provider reports about its request budget: hits left, and when the budget refills. */
export interface QuotaReading {
	remaining: number;
	/** Milliseconds from now until the budget refills (e.g. the top of the hour for TourCMS). */
	resetInMs: number;
}

/** Starts are spaced only when the spacing would be at least this long (a fast provider needs none). */
export const PACE_MIN_MS = 2;
/** Share of the round trip per lane the spacing takes: below 1, so the lanes never wait on it on average. */
const PACE_SHARE = 0.75;
const PACE_SMOOTHING = 0.2;

/** Below this many remaining hits (or twice the lanes, if more) requests are spread over the rest of the window. */
export const QUOTA_LOW_WATER = 10;
/** Added to a provider's reset time: clocks and 1-second Date headers are not exact. */
export const QUOTA_RESET_MARGIN_MS = 500;

/**
 * The one gate every request of a node execution passes before it starts, whatever lane it runs in:
 * - spaces starts by Max Requests per Second (a fixed schedule, so timer lateness does not accumulate);
 * - holds every lane while the provider asked to wait (429 Retry-After) or its budget is used up;
 * - when the provider's remaining budget runs low, spaces the remaining hits over the rest of its
 *   window so they last until it refills, instead of running into the limit and failing items;
 * - spreads starts over the provider's round trip: lanes that start together come back together, and as
 *   n8n opens a new connection for every request, each lane's next request would wait for the whole batch
 *   of answers to be handled, keeping the lanes in lockstep below the rate they could reach. Starts are
 *   kept a little closer together than the lanes need on average, so the spacing never holds back the
 *   lanes themselves.
 */
export class RequestGate {
	private readonly rpsIntervalMs: number;
	private quotaIntervalMs = 0;
	private quotaRemaining = Number.POSITIVE_INFINITY;
	private quotaResetAt = 0;
	private nextStartAt = 0;
	private pausedUntil = 0;
	/** Smoothed time from a request's start to its answer, and the start spacing it gives (0: none). */
	private roundTripMs = 0;
	private paceMs = 0;
	/** Requests sent and not yet answered. */
	inFlight = 0;

	constructor(
		maxRequestsPerSecond: number,
		private readonly lanes: number,
		private readonly signal?: AbortSignal,
	) {
		this.rpsIntervalMs = maxRequestsPerSecond > 0 ? 1000 / maxRequestsPerSecond : 0;
	}

	/** Starts a request at once when nothing holds it (the common case: no promise, no timer). */
	tryAcquire(): boolean {
		if (this.rpsIntervalMs > 0 || this.quotaIntervalMs > 0 || this.pausedUntil > Date.now())
			return false;
		if (this.paceMs > 0) {
			const now = Date.now();
			if (now < this.nextStartAt) return false;
			this.nextStartAt = now + this.paceMs;
		}
		this.inFlight += 1;
		return true;
	}

	/** Resolves when the next request may start, and counts it as in flight. */
	async acquire(): Promise<void> {
		for (;;) {
			const now = Date.now();
			const interval = Math.max(this.rpsIntervalMs, this.quotaIntervalMs, this.paceMs);
			if (interval === 0 && this.pausedUntil <= now) break;
			const slot = Math.max(now, this.pausedUntil, this.nextStartAt);
			if (interval > 0) this.nextStartAt = slot + interval;
			if (slot <= now) break;
			await sleepUnlessCancelled(slot - now, this.signal);
			// A pause that arrived while sleeping holds this request too.
			if (this.pausedUntil <= Date.now()) break;
		}
		this.inFlight += 1;
	}

	/** Marks one request as answered (or failed); `roundTripMs` when an answer came back. */
	release(roundTripMs?: number): void {
		this.inFlight -= 1;
		if (roundTripMs === undefined || this.lanes < 2) return;
		this.roundTripMs = this.roundTripMs
			? this.roundTripMs * (1 - PACE_SMOOTHING) + roundTripMs * PACE_SMOOTHING
			: roundTripMs;
		const spacing = (this.roundTripMs * PACE_SHARE) / this.lanes;
		this.paceMs = spacing >= PACE_MIN_MS ? spacing : 0;
	}

	/** Holds every lane until `until` (epoch ms); a shorter pause never cuts a longer one. */
	pauseUntil(until: number): void {
		if (until > this.pausedUntil) this.pausedUntil = until;
	}

	async wait(ms: number): Promise<void> {
		if (ms > 0) await sleepUnlessCancelled(ms, this.signal);
	}

	/** Takes in a provider's budget reading from an answer (call after `release`). */
	observeQuota(reading: QuotaReading): void {
		const now = Date.now();
		const resetAt = now + reading.resetInMs;
		// Answers overtake each other: within one window only a lower reading is news.
		if (Math.abs(resetAt - this.quotaResetAt) < 2000 && reading.remaining >= this.quotaRemaining)
			return;
		this.quotaRemaining = reading.remaining;
		this.quotaResetAt = resetAt;
		// Requests already on their way were not counted in this reading yet.
		const usable = reading.remaining - this.inFlight;
		if (usable <= 0) {
			this.quotaIntervalMs = 0;
			this.quotaRemaining = Number.POSITIVE_INFINITY;
			this.pauseUntil(resetAt + QUOTA_RESET_MARGIN_MS);
			return;
		}
		const lowWater = Math.max(QUOTA_LOW_WATER, 2 * this.lanes);
		this.quotaIntervalMs = reading.remaining <= lowWater ? reading.resetInMs / usable : 0;
	}
}
