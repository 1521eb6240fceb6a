import type { FieldSpec } from '../../../../nodes/shared/input/fieldTable';
import type { NodeRun } from '../../../harness/runNode';
import type { HostileEmulator } from '../../helpers';

/** A value a rule accepts and one it refuses, and where the field can be sent on its own merits. */
export interface Sample {
	pass: string;
	fail: string;
	/** Parameters laid over the provider's base, e.g. another context. */
	target?: Record<string, unknown>;
	/** Other fields the field's cross-field rules need next to it. */
	with?: Record<string, unknown>;
	/** The passing item's status, when it is not "updated". */
	status?: string;
}

/** A rule between fields or parameters: the same node once with a passing, once with a failing setting. */
export interface CrossFieldCase {
	name: string;
	pass: Record<string, unknown>;
	fail: Record<string, unknown>;
	/** The message after "Invalid input in item 0: ". */
	error: string;
	passCredentials?: Record<string, unknown>;
	credentials?: Record<string, unknown>;
}

/** A running emulator with what the validation tests read of it. */
export interface ValidationTarget {
	emulator: HostileEmulator;
	/** The update requests the emulator received (a lookup before an update is not one). */
	updates(): number;
	/** The value of a field (by wire name) in the first update request. */
	sentValue(wire: string): unknown;
}

export interface ValidationCase {
	provider: string;
	start(): Promise<ValidationTarget>;
	run: NodeRun;
	fields: readonly FieldSpec[];
	/** Samples by the rule's own words, or by the field's wire name where one rule needs other values per field. */
	samplesBy: 'rule' | 'wire';
	samples: Record<string, Sample>;
	/** How many rules the field table has, so a lost rule is noticed. */
	ruleCount: { exactly: number } | { atLeast: number };
	/** The parameters of an update that succeeds when one field is added to it. */
	base: Record<string, unknown>;
	crossField: CrossFieldCase[];
}
