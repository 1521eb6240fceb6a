'use strict';
// Example workflows and codex files name node types as `<package name>.<node name>`: in a provider's
// package they must name that package, or n8n reports the node as unknown. Credential type names do not
// carry the package name, so credentials stay as they are.

const COMBINED_PREFIX = 'n8n-nodes-customer-update.';

/** A copy of `workflow` whose nodes of the combined package name `packageName` instead. */
function retargetWorkflow(workflow, packageName) {
	const copy = JSON.parse(JSON.stringify(workflow));
	for (const node of copy.nodes) {
		if (node.type.startsWith(COMBINED_PREFIX)) node.type = `${packageName}.${node.type.slice(COMBINED_PREFIX.length)}`;
	}
	return copy;
}

/** A copy of a codex file (`<Node>.node.json`) naming the node in `packageName`. */
function retargetCodex(codex, packageName) {
	if (!codex.node.startsWith(COMBINED_PREFIX)) throw new Error(`codex names ${codex.node}, not a node of the combined package`);
	return { ...codex, node: `${packageName}.${codex.node.slice(COMBINED_PREFIX.length)}` };
}

module.exports = { COMBINED_PREFIX, retargetWorkflow, retargetCodex };
