import type { IHttpRequestOptions } from 'n8n-workflow';

/** A copy of the request with `headers` added over its own: what a header-keyed credential does. */
export function withHeaders(
	request: IHttpRequestOptions,
	headers: Record<string, string>,
): IHttpRequestOptions {
	return { ...request, headers: { ...(request.headers ?? {}), ...headers } };
}
