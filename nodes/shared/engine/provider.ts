import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';

import type { ProviderPreview } from '../output/preview';
import type { QuotaReading } from '../request/requestGate';
import type { HttpAnswer, PreparedRequest, ProviderId, ProviderOutcome, Send } from './types';

/** Everything that makes one provider different; the engine does the rest. */
export interface ProviderDefinition {
	id: ProviderId;
	/** Used in messages: "Could not get an answer from TourCMS". */
	displayName: string;
	credentialType: string;
	/** Credential properties whose values must never appear in output or errors. */
	secretCredentialKeys: readonly string[];
	/** Reads and validates one item and builds its request. Throws InputError / FieldRuleError. */
	prepare(
		ctx: IExecuteFunctions,
		itemIndex: number,
		credentials: ICredentialDataDecryptedObject,
	): PreparedRequest | Promise<PreparedRequest>;
	/** Reads the answer; throws ProviderError when it is a failure. */
	interpret(answer: HttpAnswer, prepared: PreparedRequest): ProviderOutcome;
	/** For calls that need more than one request per item (e.g. a read-only check first). */
	run?(prepared: PreparedRequest, send: Send): Promise<HttpAnswer>;
	/**
	 * Reads the provider's remaining request budget from any answer (e.g. TourCMS x-ratelimit-remaining),
	 * so the engine spreads the last hits over the rest of the window and pauses instead of failing items.
	 */
	readQuota?(answer: HttpAnswer): QuotaReading | undefined;
	/**
	 * Secrets the credential derives for each request (e.g. TourCMS's signature) that an answer may echo:
	 * those of the requests sent between `window.sentFromMs` and `window.sentToMs`.
	 */
	derivedSecrets?(
		prepared: PreparedRequest,
		credentials: ICredentialDataDecryptedObject,
		window: { sentFromMs: number; sentToMs: number },
	): string[];
	/** How Preview Request (dry run) shows this provider's requests without sending them. */
	preview?: ProviderPreview;
}
