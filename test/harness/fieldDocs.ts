import type { ClearMode, FieldSpec } from '../../nodes/shared/input/fieldTable';
import { CLIENT_TOOLBOX_FIELDS } from '../../nodes/ClientToolbox/fields';
import { INTREPID_FIELDS } from '../../nodes/Intrepid/fields';
import { TOURCMS_FIELDS } from '../../nodes/TourCms/fields';
import { TRACKFINITY_FIELDS } from '../../nodes/Trackfinity/fields';

/** The field table each provider's reference page shows, by the marker name used in it. */
export const DOCUMENTED_TABLES: Record<string, readonly FieldSpec[]> = {
	tourcms: TOURCMS_FIELDS,
	trackfinity: TRACKFINITY_FIELDS,
	intrepid: INTREPID_FIELDS,
	clienttoolbox: CLIENT_TOOLBOX_FIELDS,
};

const CLEARING: Record<ClearMode, string> = {
	empty: 'Fields to Clear (sent empty)',
	removeKeyword: 'Fields to Remove (sent as `REMOVE`)',
	notClearable: 'cannot be cleared',
};

const NORMALIZED: Record<NonNullable<FieldSpec['normalize']>, string> = {
	upper: 'upper-cased for you',
	lower: 'lower-cased for you',
	trim: 'surrounding spaces removed',
};

function cell(text: string): string {
	return text
		.replace(/\s*\n\s*/g, ' ')
		.replace(/\|/g, '\\|')
		.trim();
}

// Every date, option and number field carries its own rule (isoDate, oneOf, …), so the rules say it all.
function rulesOf(spec: FieldSpec): string {
	const parts = (spec.rules ?? []).map((rule) => rule.brief ?? `must ${rule.describe}`);
	if (spec.booleanAs) parts.push(`sent as \`${spec.booleanAs[0]}\` / \`${spec.booleanAs[1]}\``);
	if (spec.normalize) parts.push(NORMALIZED[spec.normalize]);
	if (spec.secret) parts.push('never shown in output or errors');
	if (spec.noEffect)
		parts.push(
			'has no effect on an update: sent as given, with a warning in the output; never filled by automatic mapping',
		);
	return parts.join('; ') || '—';
}

/** The Markdown table of one provider's fields, derived from its field table like the node's UI. */
export function fieldTableMarkdown(fields: readonly FieldSpec[]): string {
	const rows = fields.map((spec) => {
		const clearing = spec.clearNote
			? `${CLEARING[spec.clear]}: ${spec.clearNote}`
			: CLEARING[spec.clear];
		return `| \`${spec.wire}\` | ${cell(spec.label)} | ${cell(spec.description)} | ${cell(rulesOf(spec))} | ${cell(clearing)} |`;
	});
	return [
		'| wire name | field | what it is | checked before sending | clearing |',
		'|---|---|---|---|---|',
		...rows,
	].join('\n');
}

/** The reference page (under docs/) that shows each table. */
export const TABLE_PAGES: Record<string, string> = {
	tourcms: 'docs/tourcms.md',
	trackfinity: 'docs/trackfinity.md',
	intrepid: 'docs/intrepid.md',
	clienttoolbox: 'docs/client-toolbox.md',
};

/** A page with its marked field tables (`names`, all by default) replaced by what the field tables give now. */
export function withFieldTables(
	page: string,
	names: readonly string[] = Object.keys(DOCUMENTED_TABLES),
): string {
	let out = page;
	for (const name of names) {
		const fields = DOCUMENTED_TABLES[name];
		const open = `<!-- fields:${name} -->`;
		const close = `<!-- /fields:${name} -->`;
		const start = out.indexOf(open);
		const end = out.indexOf(close);
		if (start === -1 || end < start) throw new Error(`the page has no ${open} … ${close} block`);
		out = `${out.slice(0, start + open.length)}\n${fieldTableMarkdown(fields)}\n${out.slice(end)}`;
	}
	return out;
}
