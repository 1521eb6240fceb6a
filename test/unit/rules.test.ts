import {
	countryCode,
	isoDate,
	isRealIsoDate,
	matches,
	maxLength,
	noSpaces,
	notBlank,
	oneOf,
	positiveInteger,
} from '../../nodes/shared/input/rules';

describe('validation rules', () => {
	it.each([
		['2024-02-29', true],
		['2023-02-29', false],
		['1999-12-31', true],
		['1999-13-01', false],
		['1999-04-31', false],
		['1999-4-3', false],
		['04-03-2010', false],
		['2010-04-03T00:00:00Z', false],
		['', false],
	])('isoDate %p → %p', (value, ok) => {
		expect(isRealIsoDate(value)).toBe(ok);
		expect(isoDate.test(value)).toBe(ok);
	});

	it('countryCode accepts ISO 3166-1 alpha-2 codes only', () => {
		for (const ok of ['GB', 'US', 'AU', 'NZ', 'ES']) expect(countryCode.test(ok)).toBe(true);
		for (const bad of ['UK', 'gb', 'GBR', 'G', '', 'ZZ']) expect(countryCode.test(bad)).toBe(false);
	});

	it('oneOf names every allowed value', () => {
		const rule = oneOf(['m', 'f', 'x']);
		expect(rule.test('f')).toBe(true);
		expect(rule.test('F')).toBe(false);
		expect(rule.describe).toBe('be one of "m", "f", "x"');
	});

	it('positiveInteger accepts digits without a leading zero', () => {
		expect(['1', '12345', '9999999999999999'].every((v) => positiveInteger.test(v))).toBe(true);
		expect(
			['0', '-1', '01', '1.5', '1e3', ' 1', '12/../3', ''].some((v) => positiveInteger.test(v)),
		).toBe(false);
	});

	it('notBlank, noSpaces, matches and maxLength', () => {
		expect(notBlank.test(' a ')).toBe(true);
		expect(notBlank.test(' \t')).toBe(false);
		expect(noSpaces.test('InsideLeg')).toBe(true);
		expect(noSpaces.test('Inside Leg')).toBe(false);
		expect(matches(/^\d+$/, 'be digits').test('12a')).toBe(false);
		expect(maxLength(3).test('😀😀😀')).toBe(true);
		expect(maxLength(3).test('abcd')).toBe(false);
	});
});
