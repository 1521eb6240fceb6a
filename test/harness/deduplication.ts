import { createHash } from 'crypto';
import { DataDeduplicationService } from 'n8n-core';
import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
	IExecuteFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

/**
 * n8n's deduplication store as the n8n server implements it (packages/cli deduplication-helper): one list of
 * md5 hashes per workflow and scope, read, changed and written back whole on every call, oldest dropped beyond
 * maxEntries. `lagMs` puts a pause between the read and the write, where a concurrent call can slip in.
 */
export class MemoryDeduplicator implements IDataDeduplicator {
	readonly lists = new Map<string, string[]>();
	calls = 0;
	/** Calls on workflow-scope lists, where the records are. */
	recordCalls = 0;
	lagMs = 0;

	private listKey(scope: DeduplicationScope, contextData: ICheckProcessedContextData): string {
		return `${contextData.workflow.id}|${scope === 'node' ? `n:${contextData.node?.id}` : ''}`;
	}

	/** Counts a call that reads and writes a list, and returns that list's key. */
	private counted(scope: DeduplicationScope, contextData: ICheckProcessedContextData): string {
		this.calls += 1;
		if (scope === 'workflow') this.recordCalls += 1;
		return this.listKey(scope, contextData);
	}

	private static hash(value: DeduplicationItemTypes): string {
		return createHash('md5').update(String(value)).digest('base64');
	}

	private async read(key: string): Promise<string[] | undefined> {
		const list = this.lists.get(key);
		const copy = list ? [...list] : undefined;
		if (this.lagMs) await sleep(this.lagMs);
		return copy;
	}

	/** A new list is an INSERT (refused when another call created it meanwhile), an old one an UPDATE (lost when deleted). */
	private write(key: string, list: string[], existed: boolean): void {
		if (!existed) {
			if (this.lists.has(key))
				throw new Error(
					'SQLITE_CONSTRAINT: UNIQUE constraint failed: processed_data.context, processed_data.workflowId',
				);
			this.lists.set(key, list);
		} else if (this.lists.has(key)) {
			this.lists.set(key, list);
		}
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		const key = this.counted(scope, contextData);
		const stored = await this.read(key);
		const list = stored ?? [];
		const seen = new Set(list);
		const out: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of items) {
			const hash = MemoryDeduplicator.hash(item);
			if (seen.has(hash)) out.processed.push(item);
			else {
				out.new.push(item);
				list.push(hash);
				seen.add(hash);
			}
		}
		if (options.maxEntries) list.splice(0, Math.max(0, list.length - options.maxEntries));
		this.write(key, list, stored !== undefined);
		return out;
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
	): Promise<void> {
		const key = this.counted(scope, contextData);
		const list = await this.read(key);
		if (!list) return;
		for (const item of items) {
			const index = list.indexOf(MemoryDeduplicator.hash(item));
			if (index !== -1) list.splice(index, 1);
		}
		this.write(key, list, true);
	}

	async clearAllProcessedItems(
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
	): Promise<void> {
		this.calls += 1;
		this.lists.delete(this.listKey(scope, contextData));
	}

	async getProcessedDataCount(
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
	): Promise<number> {
		return this.lists.get(this.listKey(scope, contextData))?.length ?? 0;
	}

	/** Entries of the workflow-scope lists (the records; node-scope lists are locks). */
	size(): number {
		let n = 0;
		for (const [key, list] of this.lists) if (key.endsWith('|')) n += list.length;
		return n;
	}

	reset(): void {
		this.lists.clear();
		this.calls = 0;
		this.recordCalls = 0;
		this.lagMs = 0;
	}
}

let store: MemoryDeduplicator | undefined;

/** The store every workflow run by the harness uses (n8n-core allows one per process). */
export function deduplicationStore(): MemoryDeduplicator {
	if (!store) {
		store = new MemoryDeduplicator();
		void DataDeduplicationService.init(store);
	}
	return store;
}

/** The store helpers of an execution of workflow `workflowId`, node `nodeId`, on the shared test store. */
export function storeExecution(
	workflowId: string,
	nodeId: string,
	nodeName: string,
): IExecuteFunctions {
	const store = deduplicationStore();
	const context = { workflow: { id: workflowId }, node: { id: nodeId } };
	return {
		getWorkflow: () => ({ id: workflowId }),
		getNode: () => ({ id: nodeId, name: nodeName }),
		helpers: {
			checkProcessedAndRecord: async (
				items: string[],
				scope: DeduplicationScope,
				options: object,
			) => await store.checkProcessedAndRecord(items, scope, context as never, options as never),
			removeProcessed: async (items: string[], scope: DeduplicationScope) =>
				await store.removeProcessed(items, scope, context as never),
			clearAllProcessedItems: async (scope: DeduplicationScope) =>
				await store.clearAllProcessedItems(scope, context as never),
			getProcessedDataCount: async (scope: DeduplicationScope) =>
				await store.getProcessedDataCount(scope, context as never),
		},
	} as unknown as IExecuteFunctions;
}
