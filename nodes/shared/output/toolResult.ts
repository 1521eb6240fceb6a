import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/**
 * n8n runs a `usableAsTool` node for an AI agent as its generated `<name>Tool` type. The agent hands the
 * node's output json to the model as the tool's answer, and an error thrown there ends the whole run.
 */
export function runsAsTool(ctx: IExecuteFunctions): boolean {
	return ctx.getNode().type.endsWith('Tool');
}

/**
 * What the model reads back: the outcome and the changed fields, or the failure in words it can act on.
 * A failure is an answer, not a thrown error, so the agent can correct its call or tell the user. It
 * carries no `error` key: n8n's Retry On Fail resends a tool whose first item has one, which for an
 * update that may have reached the provider would be a blind resend.
 */
export function toolAnswer(json: IDataObject): IDataObject {
	if (typeof json.error === 'string') {
		const answer: IDataObject = { status: 'failed', message: json.error };
		if (typeof json.description === 'string' && json.description) answer.details = json.description;
		return answer;
	}
	const answer: IDataObject = {
		status: json.status,
		customerId: json.customerId,
		changedFields: json.changedFields ?? [],
	};
	// The model is the only reader of a tool's output: a field that had no effect must reach it to reach the user.
	if (Array.isArray(json.warnings) && json.warnings.length) answer.warnings = json.warnings;
	return answer;
}

export function toolAnswers(output: INodeExecutionData[][]): INodeExecutionData[][] {
	return output.map((items) =>
		items.map((item) => ({ json: toolAnswer(item.json), pairedItem: item.pairedItem })),
	);
}
