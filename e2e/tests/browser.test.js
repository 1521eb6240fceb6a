'use strict';
// The editor in a real browser: n8n started with the package installed from its tarball, the owner logs
// in, a workflow holding every node of the package is opened, and for each node: its canvas icon is the
// package's SVG (served 200 as SVG), its parameter panel renders the fields n8n should show, and its
// credential's Test succeeds against the sandbox, in the credential dialog (which tests on opening) and
// through the REST call the dialog makes (`POST /rest/credentials/test`). Screenshots of every panel and
// dialog go to test-output/screenshots/.
const assert = require('node:assert/strict');
const { after, before, describe, test } = require('node:test');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { ROOT, chromiumPath } = require('../lib/host');
const { prepareN8n } = require('../lib/setup');
const { loadExamples } = require('../lib/workflows');
const { sandboxCredentialRefs } = require('../lib/credentials');
const { OWNER, freePort, startN8n, setupOwner, request } = require('../lib/n8n');
const { PACKAGE_NAME } = require('../lib/package');
const { AGENT_TOOLS, agentWorkflow, scriptedModelCredential } = require('../lib/agentWorkflow');
const { startScriptedModel, toolCall, finalText } = require('../lib/scriptedModel');

const SCREENSHOTS = path.join(ROOT, 'test-output', 'screenshots');
const WORKFLOW_ID = 'e2eEveryNode';
const AGENT_WORKFLOW = agentWorkflow({
	id: 'e2eAgentTourCms',
	name: 'AI Agent: Update a TourCMS Customer',
	prompt: "Set Joanna Bloggs' mobile to +44 7700 900123, TourCMS customer 12345",
	tool: AGENT_TOOLS.tourcms,
});

/** Every node the package declares, with its description (read from the built files n8n loads). */
function packageNodes() {
	const pkg = require(path.join(ROOT, 'package.json'));
	return pkg.n8n.nodes.map((file) => {
		const NodeClass = Object.values(require(path.join(ROOT, file))).find((v) => typeof v === 'function');
		return new NodeClass().description;
	});
}

/** The password-type fields of every credential type the package declares, e.g. `{ tourCmsApi: ['apiKey'] }`. */
function secretFields() {
	const pkg = require(path.join(ROOT, 'package.json'));
	const out = {};
	for (const file of pkg.n8n.credentials) {
		const CredentialClass = Object.values(require(path.join(ROOT, file))).find((v) => typeof v === 'function');
		const credential = new CredentialClass();
		out[credential.name] = credential.properties.filter((p) => p.typeOptions?.password).map((p) => p.name);
	}
	return out;
}

/** Parameters n8n shows with default values: `displayOptions` evaluated against the defaults. */
function visibleProperties(description) {
	const values = Object.fromEntries(description.properties.map((p) => [p.name, p.default]));
	const matches = (allowed, value) => allowed.some((a) => (typeof a === 'object' && a !== null ? false : a === value));
	return description.properties.filter((p) => {
		const { show = {}, hide = {} } = p.displayOptions ?? {};
		for (const [key, allowed] of Object.entries(show)) {
			if (key.startsWith('@')) continue;
			if (!matches(allowed, values[key])) return false;
		}
		for (const [key, hidden] of Object.entries(hide)) {
			if (!key.startsWith('@') && matches(hidden, values[key])) return false;
		}
		return true;
	});
}

function everyNodeWorkflow(nodes) {
	const refs = sandboxCredentialRefs();
	const trigger = {
		id: 'e2e00000-0000-4000-8000-000000000000',
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 200],
		parameters: {},
	};
	const packaged = nodes.map((d, i) => ({
		id: `e2e00000-0000-4000-8000-00000000000${i + 1}`,
		name: d.defaults.name,
		type: `${PACKAGE_NAME}.${d.name}`,
		typeVersion: Array.isArray(d.version) ? d.version[d.version.length - 1] : d.version,
		position: [320, i * 160],
		parameters: {},
		credentials: Object.fromEntries(d.credentials.map((c) => [c.name, refs[c.name]])),
	}));
	return {
		id: WORKFLOW_ID,
		name: 'Every Customer Update Node',
		active: false,
		nodes: [trigger, ...packaged],
		connections: {
			Start: { main: [packaged.map((n) => ({ node: n.name, type: 'main', index: 0 }))] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

function slug(text) {
	return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

describe('the nodes in the n8n editor (Chromium)', () => {
	const nodes = packageNodes();
	let server;
	let sandbox;
	let browser;
	let page;
	let cookie;
	let model;

	before(async () => {
		const executablePath = chromiumPath();
		assert.ok(executablePath, 'Chromium is missing: run `bash e2e/ensure-n8n.sh --with-chromium`');
		const prepared = await prepareN8n('browser');
		sandbox = prepared.sandbox;
		await prepared.n8n.importWorkflow([everyNodeWorkflow(nodes), ...Object.values(loadExamples()), ...updateExamples().map(([, w]) => previewVariant(w))]);
		model = await startScriptedModel();
		await prepared.n8n.importCredentials([scriptedModelCredential(model)]);
		await prepared.n8n.importWorkflow(AGENT_WORKFLOW);
		server = await startN8n(prepared.host, prepared.n8n.userFolder, {
			port: await freePort(),
			brokerPort: await freePort(),
			logFile: path.join(prepared.n8n.userFolder, 'n8n.log'),
		});
		cookie = await setupOwner(server.url, OWNER);
		fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
		fs.mkdirSync(SCREENSHOTS, { recursive: true });
		const puppeteer = require('puppeteer-core');
		browser = await puppeteer.launch({
			executablePath,
			headless: true,
			userDataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'customer-update-chromium-')),
			args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
			defaultViewport: { width: 1440, height: 900 },
		});
		page = await browser.newPage();
		page.setDefaultTimeout(60000);
	});

	after(async () => {
		if (browser) await browser.close();
		if (server) await server.stop();
		if (sandbox) await sandbox.close();
		if (model) await model.close();
	});

	test('n8n loaded every node of the installed package, with its AI-tool variant', async () => {
		const res = await request(`${server.url}/types/nodes.json`, { headers: { cookie, 'accept-encoding': 'identity' } });
		assert.equal(res.status, 200);
		const loaded = new Set(JSON.parse(res.body.toString('utf8')).map((t) => t.name));
		const expected = nodes.flatMap((d) => [`${PACKAGE_NAME}.${d.name}`, `${PACKAGE_NAME}.${d.name}Tool`]);
		assert.deepEqual(expected.filter((t) => !loaded.has(t)), [], 'node types missing from /types/nodes.json');
	});

	test('the owner logs in through the sign-in page', async () => {
		await page.goto(`${server.url}/signin`, { waitUntil: 'networkidle0' });
		await page.waitForSelector('input[type="email"], input[name="emailOrLdapLoginId"], input[name="email"]');
		await page.type('input[type="email"], input[name="emailOrLdapLoginId"], input[name="email"]', OWNER.email);
		await page.type('input[type="password"]', OWNER.password);
		await Promise.all([
			page.waitForResponse((r) => r.url().endsWith('/rest/login') && r.request().method() === 'POST'),
			page.keyboard.press('Enter'),
		]);
		await page.waitForFunction(() => !location.pathname.startsWith('/signin'));
		await page.screenshot({ path: path.join(SCREENSHOTS, '00-signed-in.png') });
	});

	test('the workflow with every node opens on the canvas', async () => {
		await page.goto(`${server.url}/workflow/${WORKFLOW_ID}`, { waitUntil: 'networkidle0' });
		await page.waitForSelector('[data-test-id="canvas-node"]');
		const names = await page.$$eval('[data-test-id="canvas-node"]', (els) =>
			els.map((e) => e.getAttribute('data-node-name') ?? e.textContent.trim()),
		);
		for (const d of nodes) {
			assert.ok(names.some((n) => n.includes(d.defaults.name)), `"${d.defaults.name}" on the canvas: ${names.join(', ')}`);
		}
		await page.screenshot({ path: path.join(SCREENSHOTS, '01-canvas.png') });
	});

	for (const description of nodes) {
		const name = description.defaults.name;
		const credentialType = description.credentials[0].name;

		test(`${name}: canvas icon is the package's SVG`, async () => {
			const node = await canvasNode(page, name);
			const icon = await node.evaluate((el) => {
				const img = el.querySelector('img');
				return img ? { src: img.currentSrc || img.src, width: img.naturalWidth, text: el.textContent } : { text: el.textContent, html: el.innerHTML.slice(0, 2000) };
			});
			assert.ok(icon.src, `no icon image in the canvas node (n8n shows "?" for a missing icon): ${JSON.stringify(icon)}`);
			assert.ok(icon.width > 0, `icon did not load: ${icon.src}`);
			const file = path.basename(description.icon.light ?? description.icon).replace(/^file:/, '');
			assert.ok(icon.src.includes(file), `icon ${icon.src} is not ${file}`);
			const response = await request(icon.src, { headers: { cookie } });
			assert.equal(response.status, 200, `GET ${icon.src}`);
			assert.match(String(response.headers['content-type']), /^image\/svg\+xml/);
			assert.match(response.body.toString('utf8'), /<svg[\s>]/);
		});

		test(`${name}: the parameter panel shows its fields and the sandbox credential`, async () => {
			await closeOverlays(page);
			const node = await canvasNode(page, name);
			await node.click({ count: 2 });
			const ndv = await page.waitForSelector('[data-test-id="ndv"]', { visible: true });
			const labels = visibleProperties(description)
				.filter((p) => p.type !== 'notice')
				.map((p) => p.displayName);
			// Rendering is asynchronous: wait (bounded) for every label, then report what is missing.
			await page
				.waitForFunction((el, wanted) => wanted.every((l) => el.innerText.includes(l)), { timeout: 15000 }, ndv, labels)
				.catch(() => undefined);
			const text = await ndv.evaluate((el) => el.innerText);
			assert.ok(text.includes(name), `the open panel is not ${name}'s`);
			const missing = labels.filter((label) => !text.includes(label));
			assert.deepEqual(missing, [], 'fields missing from the panel');
			const refs = sandboxCredentialRefs();
			const credentialShown = await page.$$eval('[data-test-id="node-credentials-select"] input', (els) => els.map((e) => e.value));
			assert.ok(credentialShown.includes(refs[credentialType].name), `credential picker shows ${credentialShown}`);
			await page.screenshot({ path: path.join(SCREENSHOTS, `${slug(name)}-panel.png`) });
		});

		test(`${name}: the credential Test succeeds against the sandbox (dialog and REST)`, async () => {
			const ref = sandboxCredentialRefs()[credentialType];
			const tested = page.waitForResponse((r) => r.url().endsWith('/rest/credentials/test') && r.request().method() === 'POST');
			await page.click('[data-test-id="credential-edit-button"] .clickable, [data-test-id="credential-edit-button"] svg');
			const dialog = await page.waitForSelector('[data-test-id="credential-edit-dialog"]', { visible: true });
			const answer = await (await tested).json();
			assert.equal(answer?.data?.status, 'OK', `credential test answered ${JSON.stringify(answer)}`);
			await page.waitForSelector('[data-test-id="credentials-config-container-test-success"]', { visible: true });
			const dialogText = await dialog.evaluate((el) => el.innerText);
			assert.match(dialogText, /Connection tested successfully/);
			await settled(page);
			await page.screenshot({ path: path.join(SCREENSHOTS, `${slug(name)}-credential.png`) });

			// The same endpoint, called as the dialog calls it (stored secrets are redacted in what it sends).
			const stored = await request(`${server.url}/rest/credentials/${ref.id}?includeData=true`, { headers: { cookie } });
			assert.equal(stored.status, 200, stored.body.toString());
			const credential = JSON.parse(stored.body.toString()).data;
			const rest = await request(`${server.url}/rest/credentials/test`, {
				method: 'POST',
				headers: { cookie },
				body: { credentials: { id: credential.id, name: credential.name, type: credential.type, data: credential.data } },
			});
			assert.equal(rest.status, 200, rest.body.toString());
			assert.deepEqual(JSON.parse(rest.body.toString()).data, { status: 'OK', message: 'Connection successful!' });

			// And a wrong secret fails the same Test.
			const secrets = secretFields()[credentialType];
			assert.ok(secrets.length > 0, `${credentialType} has a password field`);
			const wrongData = { ...credential.data, ...Object.fromEntries(secrets.map((f) => [f, 'wrong-secret-0000'])) };
			const wrong = await request(`${server.url}/rest/credentials/test`, {
				method: 'POST',
				headers: { cookie },
				body: { credentials: { id: credential.id, name: credential.name, type: credential.type, data: wrongData } },
			});
			assert.equal(wrong.status, 200, wrong.body.toString());
			const failure = JSON.parse(wrong.body.toString()).data;
			assert.equal(failure.status, 'Error', `${credentialType} with a wrong secret: ${JSON.stringify(failure)}`);
			assert.ok(!String(failure.message).includes('wrong-secret-0000'), 'the secret is not echoed');

			await page.keyboard.press('Escape');
			await page.waitForSelector('[data-test-id="credential-edit-dialog"]', { hidden: true });
			await page.keyboard.press('Escape');
			await page.waitForSelector('[data-test-id="ndv"]', { hidden: true });
		});
	}

	for (const [file, workflow] of Object.entries(loadExamples())) {
		test(`example ${file} opens in the editor with all its nodes known`, async () => {
			await closeOverlays(page);
			await page.goto(`${server.url}/workflow/${workflow.id}`, { waitUntil: 'networkidle0' });
			await page.waitForSelector('[data-test-id="canvas-node"]');
			await page
				.waitForFunction((n) => document.querySelectorAll('[data-test-id="canvas-node"]').length >= n, { timeout: 15000 }, workflow.nodes.length)
				.catch(() => undefined);
			const shown = await page.$$eval('[data-test-id="canvas-node"]', (els) => els.length);
			assert.equal(shown, workflow.nodes.length, 'nodes on the canvas');
			const res = await request(`${server.url}/types/nodes.json`, { headers: { cookie, 'accept-encoding': 'identity' } });
			const known = new Set(JSON.parse(res.body.toString('utf8')).map((t) => t.name));
			assert.deepEqual(workflow.nodes.map((n) => n.type).filter((t) => !known.has(t)), [], 'node types n8n does not know');
			await page.screenshot({ path: path.join(SCREENSHOTS, `example-${slug(workflow.id)}.png`) });
		});
	}

	// A run started from the editor goes through n8n's manual-execution path (push messages to the page),
	// not `n8n execute`: the panel must show what the node returned.
	for (const [file, workflow] of updateExamples()) {
		const ours = workflow.nodes.find((n) => n.type.startsWith(`${PACKAGE_NAME}.`));
		const description = nodes.find((d) => `${PACKAGE_NAME}.${d.name}` === ours.type);
		test(`${file}: run from the editor, the ${description.defaults.name} panel shows the updated customer`, async () => {
			await closeOverlays(page);
			await page.goto(`${server.url}/workflow/${workflow.id}`, { waitUntil: 'networkidle0' });
			await page.waitForSelector('[data-test-id="execute-workflow-button"]', { visible: true });
			await page.click('[data-test-id="execute-workflow-button"]');
			await page.waitForFunction(
				(n) => document.querySelectorAll('[data-test-id="canvas-node-status-success"]').length >= n,
				{ timeout: 60000 },
				workflow.nodes.length,
			);
			const node = await canvasNode(page, ours.name);
			await node.click({ count: 2 });
			await page.waitForSelector('[data-test-id="ndv"]', { visible: true });
			const text = await outputPanelText(page, [/\bupdated\b/]);
			assert.match(text, /\bupdated\b/, `output panel: ${text.slice(0, 500)}`);
			assert.match(text, /customerId/);
			assert.doesNotMatch(text, /\berror\b/i, 'no item failed');
			// The JSON view shows the whole normalized item (the table cuts columns off): that is the screenshot.
			const modes = await page.$$('[data-test-id="ndv-run-data-display-mode"]');
			const jsonMode = await modes[modes.length - 1].$('[data-test-id="radio-button-json"]');
			assert.ok(jsonMode, 'the output panel offers a JSON view');
			await jsonMode.click();
			const json = await outputPanelText(page, [/providerStatus/, /"updated"/]);
			assert.match(json, /providerStatus/, `JSON view: ${json.slice(0, 500)}`);
			assert.match(json, /"updated"/);
			await settled(page);
			await page.screenshot({ path: path.join(SCREENSHOTS, `${slug(description.defaults.name)}-run.png`) });
			await page.keyboard.press('Escape');
			await page.waitForSelector('[data-test-id="ndv"]', { hidden: true });
		});
	}

	// Preview Request (dry run) in the editor: the same example with the option on sends nothing, and the
	// panel shows the request it would have sent, secrets masked.
	for (const [file, workflow] of updateExamples()) {
		const preview = previewVariant(workflow);
		const ours = preview.nodes.find((n) => n.type.startsWith(`${PACKAGE_NAME}.`));
		const description = nodes.find((d) => `${PACKAGE_NAME}.${d.name}` === ours.type);
		test(`${file} with Preview Request: the panel shows the request, nothing reaches the emulator`, async () => {
			await closeOverlays(page);
			const emulator = emulatorOf(sandbox, file);
			const before = emulator.requests.length;
			await page.goto(`${server.url}/workflow/${preview.id}`, { waitUntil: 'networkidle0' });
			await page.waitForSelector('[data-test-id="execute-workflow-button"]', { visible: true });
			await page.click('[data-test-id="execute-workflow-button"]');
			await page.waitForFunction(
				(n) => document.querySelectorAll('[data-test-id="canvas-node-status-success"]').length >= n,
				{ timeout: 60000 },
				preview.nodes.length,
			);
			assert.equal(emulator.requests.length, before, 'Preview Request sent nothing to the provider');
			const node = await canvasNode(page, ours.name);
			await node.click({ count: 2 });
			await page.waitForSelector('[data-test-id="ndv"]', { visible: true });
			const modes = await page.$$('[data-test-id="ndv-run-data-display-mode"]');
			const jsonMode = await modes[modes.length - 1].$('[data-test-id="radio-button-json"]');
			assert.ok(jsonMode, 'the output panel offers a JSON view');
			await jsonMode.click();
			// The JSON view breaks lines between a key and its value: compared with spaces collapsed.
			const json = (await outputPanelText(page, [/"preview"/, /\*\*\*/, /"method"/])).replace(/\s+/g, ' ');
			assert.match(json, /"status": "preview"/, `JSON view: ${json.slice(0, 800)}`);
			assert.match(json, /"providerStatus": "not sent"/);
			assert.match(json, /"method": "(POST|PATCH)"/);
			assert.match(json, /\*\*\*/, 'a secret-made value is shown masked');
			if (file.startsWith('tourcms-')) {
				assert.match(json, /"Authorization": "TourCMS 3930:0:\*\*\*"/);
				assert.match(json, /"stringToSign": "3930\/0\/POST\/\d+\/c\/customer\/update\.xml"/);
			}
			const secrets = Object.values(sandbox.credentials()).flatMap((c) => [c.apiKey, c.password]).filter(Boolean);
			for (const secret of secrets) assert.ok(!json.includes(secret), 'no credential secret in the panel');
			await settled(page);
			await page.screenshot({ path: path.join(SCREENSHOTS, `${slug(description.defaults.name)}-preview.png`) });
			await page.keyboard.press('Escape');
			await page.waitForSelector('[data-test-id="ndv"]', { hidden: true });
		});
	}

	test('an AI Agent run with the TourCMS tool, started from the editor, updates the customer', async () => {
		await closeOverlays(page);
		await sandbox.reseed();
		const reply = "Joanna Bloggs' mobile is now +44 7700 900123.";
		model.script([toolCall({ Customer_ID: '12345', Mobile_Phone: '+44 7700 900123', Date_of_Birth: '', Country: '' }), finalText(reply)]);
		await page.goto(`${server.url}/workflow/${AGENT_WORKFLOW.id}`, { waitUntil: 'networkidle0' });
		await page.waitForSelector('[data-test-id="execute-workflow-button"]', { visible: true });
		await page.click('[data-test-id="execute-workflow-button"]');
		await page.waitForFunction(
			(n) => document.querySelectorAll('[data-test-id="canvas-node-status-success"]').length >= n,
			{ timeout: 60000 },
			AGENT_WORKFLOW.nodes.length,
		);
		assert.equal(model.requests.length, 2, 'the model was asked twice: the tool call, then the final answer');
		const answer = model.requests[1].body.messages.find((m) => m.role === 'tool');
		assert.deepEqual(JSON.parse(answer.content), [{ status: 'updated', customerId: '12345', changedFields: ['tel_mobile'] }]);
		assert.equal(sandbox.emulators.tourcms.customer(3930, 12345).tel_mobile, '+44 7700 900123');
		// The Logs panel under the canvas: the agent's steps, and the tool's input (what the model filled in) and output.
		if (!(await page.$('[data-test-id="logs-overview-body"]'))) await page.click('[data-test-id="logs-overview-header"]');
		const overview = await page.waitForSelector('[data-test-id="logs-overview-body"]', { visible: true });
		await page.waitForFunction((el) => el.innerText.includes('Update TourCMS Customer'), { timeout: 15000 }, overview);
		const toolRow = await overview.evaluateHandle((el) =>
			[...el.querySelectorAll('*')].filter((e) => e.children.length === 0 && e.textContent.trim() === 'Update TourCMS Customer').pop(),
		);
		await toolRow.asElement().click();
		const details = await page.waitForSelector('[data-test-id="log-details"]', { visible: true });
		await page
			.waitForFunction((el) => el.innerText.includes('changedFields') && el.innerText.includes('Mobile_Phone'), { timeout: 15000 }, details)
			.catch(() => undefined);
		const shown = await details.evaluate((el) => el.innerText);
		assert.match(shown, /changedFields/, `tool output in the Logs panel: ${shown.slice(0, 800)}`);
		assert.match(shown, /Mobile_Phone/, 'the tool input the model filled in');
		await settled(page);
		await page.screenshot({ path: path.join(SCREENSHOTS, 'ai-agent-run.png') });
	});
});

/** The four "update a customer" examples, by file name. */
function updateExamples() {
	return Object.entries(loadExamples()).filter(([f]) => /-update-customer\.json$/.test(f));
}

/** An update example with Options → Preview Request (Dry Run) switched on, under its own id. */
function previewVariant(workflow) {
	const copy = JSON.parse(JSON.stringify(workflow));
	copy.id = `pv${workflow.id}`.slice(0, 16);
	copy.name = `${workflow.name} (Preview Request)`;
	const ours = copy.nodes.find((n) => n.type.startsWith(`${PACKAGE_NAME}.`));
	ours.parameters.options = { ...(ours.parameters.options ?? {}), previewRequest: true };
	return copy;
}

/** The emulator an example's credential points at: the file name starts with its name. */
function emulatorOf(sandbox, file) {
	const name = Object.keys(sandbox.emulators).find((n) => file.startsWith(`${n}-`));
	assert.ok(name, `no emulator for ${file}`);
	return sandbox.emulators[name];
}

/**
 * The text of the panel's output data view (of its two, input and output, the one holding the node's
 * `changedFields`), once it matches every pattern or after 15 s, whichever comes first.
 */
async function outputPanelText(page, patterns) {
	const read = () =>
		[...document.querySelectorAll('[data-test-id="ndv-data-container"]')].map((el) => el.innerText).find((t) => t.includes('changedFields')) ?? '';
	await page
		.waitForFunction(`((read, wanted) => wanted.every((w) => new RegExp(w).test(read())))(${read}, ${JSON.stringify(patterns.map((p) => p.source))})`, { timeout: 15000 })
		.catch(() => undefined);
	return await page.evaluate(read);
}

/** Waits (bounded) until no CSS transition or animation runs, so a screenshot does not catch a dialog fading in. */
async function settled(page) {
	await page
		.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), { timeout: 5000 })
		.catch(() => undefined);
}

/** Closes a credential dialog or parameter panel a failed test may have left open. */
async function closeOverlays(page) {
	for (let i = 0; i < 3; i++) {
		const open = await page.$('[data-test-id="credential-edit-dialog"], [data-test-id="ndv"]');
		if (!open || !(await open.isVisible())) return;
		await page.keyboard.press('Escape');
		await new Promise((r) => setTimeout(r, 300));
	}
}

/** The canvas node titled `name`. */
async function canvasNode(page, name) {
	await page.waitForSelector('[data-test-id="canvas-node"]');
	const handle = await page.evaluateHandle((label) => {
		const all = [...document.querySelectorAll('[data-test-id="canvas-node"]')];
		return all.find((e) => e.getAttribute('data-node-name') === label) ?? all.find((e) => e.textContent.includes(label));
	}, name);
	const element = handle.asElement();
	assert.ok(element, `no canvas node "${name}"`);
	return element;
}
