'use strict';
// One npm package per provider, beside the combined one: n8n's verification accepts a package only when it
// integrates exactly one third-party service. Each entry names what that package holds; every file comes
// from the combined build (dist/), where esbuild already bundles each node and credential on its own.

/**
 * The names were free on the registry this repository's tooling reaches (a partial mirror of npm:
 * `npm view <name>` answered E404), checked again on npmjs.com before the first publish (docs/release.md).
 */
const PROVIDERS = [
	{
		id: 'tourcms',
		packageName: 'n8n-nodes-tourcms',
		title: 'TourCMS',
		nodeClass: 'TourCms',
		nodeName: 'tourCms',
		credentialClass: 'TourCmsApi',
		credentialName: 'tourCmsApi',
		icon: 'tourcms',
		doc: 'docs/tourcms.md',
		examples: ['tourcms-update-customer.json', 'form-tourcms-customer.json'],
		call: '`POST /c/customer/update.xml` (signed XML)',
		keywords: ['tourcms', 'travel', 'tour-operator'],
		resources: ['[Marketplace API connection](https://www.tourcms.com/support/api/mp/connection.php)'],
	},
	{
		id: 'clienttoolbox',
		packageName: 'n8n-nodes-clienttoolbox',
		title: 'Client Toolbox',
		nodeClass: 'ClientToolbox',
		nodeName: 'clientToolbox',
		credentialClass: 'ClientToolboxApi',
		credentialName: 'clientToolboxApi',
		icon: 'clienttoolbox',
		doc: 'docs/client-toolbox.md',
		examples: ['clienttoolbox-update-customer.json'],
		call: '`POST api` with `type=record_customer`, `customer_action=edit` (form fields)',
		keywords: ['client-toolbox', 'clienttoolbox', 'loyalty'],
		resources: ['[API](http://api.clienttoolbox.com/)'],
	},
	{
		id: 'intrepid',
		packageName: 'n8n-nodes-intrepid',
		title: 'Intrepid',
		nodeClass: 'Intrepid',
		nodeName: 'intrepid',
		credentialClass: 'IntrepidApi',
		credentialName: 'intrepidApi',
		icon: 'intrepid',
		doc: 'docs/intrepid.md',
		examples: ['intrepid-update-customer.json'],
		call: '`PATCH /{context}/{contextId}/Customers/{id}` and `PATCH /Customers/{id}` (JSON, `X-Api-Key`)',
		keywords: ['intrepid', 'intrepid-group', 'travel'],
		resources: ['[API documentation](https://developers.intrepidgroup.travel/ApiDocumentation)'],
	},
	{
		id: 'trackfinity',
		packageName: 'n8n-nodes-trackfinity',
		title: 'Trackfinity',
		nodeClass: 'Trackfinity',
		nodeName: 'trackfinity',
		credentialClass: 'TrackfinityApi',
		credentialName: 'trackfinityApi',
		icon: 'trackfinity',
		doc: 'docs/trackfinity.md',
		examples: ['trackfinity-update-customer.json'],
		call: '`PATCH /api/customer/set_customer_details` (form fields, header keys)',
		keywords: ['trackfinity', 'loyalty', 'customer'],
		resources: ['[API overview](https://docs.trackfinity.com/api/api-overview)'],
	},
];

/** The files of a provider's package that n8n loads or shows, as paths inside the package. */
function loadedFiles(provider) {
	return {
		node: `dist/nodes/${provider.nodeClass}/${provider.nodeClass}.node.js`,
		codex: `dist/nodes/${provider.nodeClass}/${provider.nodeClass}.node.json`,
		credential: `dist/credentials/${provider.credentialClass}.credentials.js`,
		icons: [`dist/icons/${provider.icon}.svg`, `dist/icons/${provider.icon}.dark.svg`],
	};
}

module.exports = { PROVIDERS, loadedFiles };
