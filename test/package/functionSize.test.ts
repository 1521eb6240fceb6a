import { functionsUnder } from '../harness/functions';

const MAX_PARAMETERS = 5;
/** Lines a function spans, from its first line to its closing brace, comments included. */
const MAX_LINES = 60;

describe('functions under nodes/ and credentials/ stay small enough to read in one go', () => {
	const functions = functionsUnder(['nodes', 'credentials']);

	it('reads every function, method and arrow', () => {
		expect(functions.length).toBeGreaterThan(300);
	});

	it(`no function takes more than ${MAX_PARAMETERS} parameters or spans more than ${MAX_LINES} lines`, () => {
		const offenders = functions
			.filter((f) => f.parameters > MAX_PARAMETERS || f.lines > MAX_LINES)
			.map((f) => `${f.file}:${f.name} (${f.parameters} parameters, ${f.lines} lines)`);
		expect(offenders).toEqual([]);
	});
});
