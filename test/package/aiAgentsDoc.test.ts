import { ClientToolbox } from '../../nodes/ClientToolbox/ClientToolbox.node';
import { Intrepid } from '../../nodes/Intrepid/Intrepid.node';
import { TourCms } from '../../nodes/TourCms/TourCms.node';
import { Trackfinity } from '../../nodes/Trackfinity/Trackfinity.node';
import { exists, readText, sizeOf } from '../harness/files';

const doc: string = readText('docs/ai-agents.md');

describe('docs/ai-agents.md', () => {
	it('quotes each tool description exactly as the node sends it to the model', () => {
		for (const node of [new TourCms(), new ClientToolbox(), new Intrepid(), new Trackfinity()]) {
			const { displayName, description } = node.description;
			expect(doc).toContain(`| ${displayName} | ${description} |`);
			// One sentence: what the tool changes and how it finds the customer.
			expect(description).not.toMatch(/\.\s|\.$/);
		}
	});

	it('links only files that exist, and shows a real screenshot of an agent run', () => {
		const links = [...doc.matchAll(/\]\(([^)\s#]+)\)/g)].map((m) => `docs/${m[1]}`);
		expect(links).toContain('docs/images/ai-agent-run.png');
		expect(links.filter((l) => !exists(l))).toEqual([]);
		expect(sizeOf('docs/images/ai-agent-run.png')).toBeGreaterThan(20000);
	});
});
