import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

export type ProviderId = 'tourCms' | 'clientToolbox' | 'intrepid' | 'trackfinity';

/** What every node outputs for a successful item, whichever provider it talks to. */
export type UpdateStatus = 'updated' | 'unchanged' | 'created' | 'accepted';

export interface RateLimitInfo {
	remaining?: number;
	limit?: number;
	retryAfterSeconds?: number;
}

export interface NormalizedResult extends IDataObject {
	provider: ProviderId;
	customerId: string | null;
	status: UpdateStatus;
	changedFields: string[];
	providerStatus: string;
}

/** An answer as the engine hands it to a provider: status, lower-cased headers, body as text. */
export interface HttpAnswer {
	statusCode: number;
	headers: Record<string, string>;
	body: string;
}

/** One request that is ready to go: validated, encoded and addressed. */
export interface PreparedRequest {
	request: IHttpRequestOptions;
	/** Wire names of the data fields this request sets or clears. */
	sentFields: string[];
	customerId: string | null;
	/** True when sending this twice could create a second record: such a request is never retried blindly. */
	mayCreate: boolean;
	/** True when sending this twice adds twice (e.g. points added to a balance): never resent after an ambiguous failure. */
	mayAdd?: boolean;
	/** Provider-specific facts the answer reader needs (e.g. the channel signed for). */
	context: IDataObject;
	/**
	 * Fields sent although the provider's documentation says they have no effect with what else was sent
	 * (not that it refuses them): output as `warnings`, in English.
	 */
	warnings?: string[];
}

export interface ProviderOutcome {
	status: UpdateStatus;
	customerId: string | null;
	providerStatus: string;
	changedFields: string[];
	extra?: IDataObject;
	rateLimit?: RateLimitInfo;
}

export type Send = (request: IHttpRequestOptions) => Promise<HttpAnswer>;
