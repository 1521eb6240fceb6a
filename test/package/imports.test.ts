import { listFilesDeep, readText } from '../harness/files';

/** The modules a TypeScript file imports, as written. */
function importsOf(file: string): string[] {
	return [...readText(file).matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
}

describe('imports run one way between nodes/ and credentials/', () => {
	it('no file under nodes/ imports from credentials/: Preview Request authenticates through plain functions', () => {
		const files = listFilesDeep('nodes').filter((f) => f.endsWith('.ts'));
		expect(files.length).toBeGreaterThan(20);
		const inward = files.flatMap((f) =>
			importsOf(f)
				.filter((m) => /(^|\/)credentials\//.test(m))
				.map((m) => `${f} → ${m}`),
		);
		expect(inward).toEqual([]);
	});

	it('each credential authenticates with its node folder’s own function, as Preview Request does', () => {
		for (const [credential, folder] of [
			['TourCmsApi', 'TourCms'],
			['TrackfinityApi', 'Trackfinity'],
			['IntrepidApi', 'Intrepid'],
			['ClientToolboxApi', 'ClientToolbox'],
		]) {
			expect(importsOf(`credentials/${credential}.credentials.ts`)).toContain(
				`../nodes/${folder}/authentication`,
			);
			expect(importsOf(`nodes/${folder}/provider.ts`)).toContain('./authentication');
		}
	});
});
