'use strict';
// The example workflows (examples/*.json), and the variant of a trigger-started one that `n8n execute` can run.
const fs = require('fs');
const path = require('path');

const { ROOT } = require('./host');

const EXAMPLES_DIR = path.join(ROOT, 'examples');
const MANUAL_TRIGGER = 'n8n-nodes-base.manualTrigger';
const STARTABLE = new Set([MANUAL_TRIGGER, 'n8n-nodes-base.executeWorkflowTrigger']);

/** Every example workflow, keyed by file name (e.g. `tourcms-update-customer.json`). */
function loadExamples() {
	const examples = {};
	for (const file of fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json')).sort()) {
		examples[file] = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
	}
	return examples;
}

function isTrigger(node) {
	return /trigger$/i.test(node.type.split('.').pop());
}

/**
 * `n8n execute` can only start a workflow from a Manual (or Execute Workflow) Trigger. For an example
 * started by another trigger (Form, Schedule...), the test variant swaps that trigger for a Manual
 * Trigger called "Test Start"; when the example pins sample data on the trigger (what a form submission
 * produces), a Set node with the trigger's name outputs exactly that data, so expressions such as
 * `$('Customer Form').item.json` and `$json['Customer ID']` see what they would see in production.
 */
function testVariant(workflow) {
	const trigger = workflow.nodes.find((n) => isTrigger(n) && !STARTABLE.has(n.type));
	if (!trigger) return workflow;
	const variant = JSON.parse(JSON.stringify(workflow));
	const pinned = variant.pinData?.[trigger.name];
	variant.pinData = {};
	const start = {
		id: `${trigger.id.slice(0, -4)}fff0`,
		name: 'Test Start',
		type: MANUAL_TRIGGER,
		typeVersion: 1,
		position: [trigger.position[0] - 220, trigger.position[1]],
		parameters: {},
	};
	const index = variant.nodes.findIndex((n) => n.name === trigger.name);
	if (pinned) {
		variant.nodes[index] = {
			id: trigger.id,
			name: trigger.name,
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: trigger.position,
			parameters: {
				mode: 'raw',
				jsonOutput: JSON.stringify(pinned.length === 1 ? pinned[0].json : pinned.map((i) => i.json)),
				options: {},
			},
		};
		variant.nodes.push(start);
		variant.connections[start.name] = { main: [[{ node: trigger.name, type: 'main', index: 0 }]] };
	} else {
		variant.nodes[index] = { ...start, name: trigger.name, id: trigger.id, position: trigger.position };
	}
	return variant;
}

/** Node types of this package used by a workflow, e.g. `['n8n-nodes-customer-update.tourCms']`. */
function packageNodeTypes(workflow, packageName) {
	return [...new Set(workflow.nodes.map((n) => n.type).filter((t) => t.startsWith(`${packageName}.`)))];
}

module.exports = { EXAMPLES_DIR, loadExamples, testVariant, packageNodeTypes };
