import { EMULATORS } from '../../sandbox';
import { runSingleNode } from '../harness/engine';
import { SEED_EXAMPLES } from './seedExamples';

interface Emulator {
	url: string;
	close(): Promise<void>;
}

/**
 * Each provider's own page example, sent by the node through its emulator: it must succeed, and the
 * emulator must receive what the page shows (test/seeds/seedExamples.js says what each checks).
 */
describe.each(SEED_EXAMPLES)("the $name page's own example ($page)", (example) => {
	let emulator: Emulator;
	const definition = EMULATORS[example.emulator as keyof typeof EMULATORS];

	beforeEach(async () => {
		emulator = (await definition.start(0)) as Emulator;
	});

	afterEach(async () => {
		await emulator.close();
	});

	it('is sent as the page gives it and succeeds', async () => {
		example.before(emulator as never);
		const sandbox = definition.credentials(emulator.url) as Record<string, Record<string, unknown>>;
		const credential = {
			...sandbox[example.credential.type],
			...(example.credential.overrides ?? {}),
		};
		const result = await runSingleNode(
			{
				name: example.name,
				type: example.nodeType,
				parameters: example.parameters,
				credentials: {
					[example.credential.type]: { id: '1', name: `${example.name} seed example` },
				},
			},
			{ [example.credential.type]: credential as never },
		);
		expect(result.error).toBeUndefined();
		const [main] = result.outputs(example.name);
		expect(main).toHaveLength(1);
		for (const [what, actual, expected] of example.expectations(emulator as never, main[0].json)) {
			expect({ what, value: actual }).toEqual({ what, value: expected });
		}
	});
});
