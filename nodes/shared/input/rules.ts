/**
 * Validation rules shared by the field tables. A rule names itself in words a user can act on;
 * the engine puts that text into the error together with the field and the item.
 */
export interface Rule {
	/** Completes the sentence "<field> must …". */
	readonly describe: string;
	/** A shorter form of `describe` for the README's field tables, where a long reason would repeat on every row. */
	readonly brief?: string;
	test(value: string): boolean;
}

const ISO_3166_ALPHA2 = new Set(
	(
		'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS ' +
		'BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE ' +
		'EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM ' +
		'HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC ' +
		'LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA ' +
		'NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
		'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO ' +
		'TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW'
	).split(' '),
);

export function isRealIsoDate(value: string): boolean {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	if (!m) return false;
	const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const d = new Date(Date.UTC(year, month - 1, day));
	return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

export const isoDate: Rule = {
	describe: 'be a real date in YYYY-MM-DD format (e.g. 1985-04-23)',
	test: isRealIsoDate,
};

export const countryCode: Rule = {
	describe: 'be a two-letter ISO 3166-1 alpha-2 country code (e.g. GB, US, AU)',
	test: (v) => ISO_3166_ALPHA2.has(v),
};

export function oneOf(values: readonly string[]): Rule {
	return {
		describe: `be one of ${values.map((v) => `"${v}"`).join(', ')}`,
		test: (v) => values.includes(v),
	};
}

export function matches(pattern: RegExp, describe: string): Rule {
	return { describe, test: (v) => pattern.test(v) };
}

export const positiveInteger: Rule = {
	describe: 'be a whole number greater than 0 (digits only)',
	test: (v) => /^[1-9][0-9]{0,15}$/.test(v),
};

export const notBlank: Rule = {
	describe: 'contain at least one character that is not a space',
	test: (v) => v.trim().length > 0,
};

export const noSpaces: Rule = {
	describe: 'contain no spaces',
	test: (v) => !/\s/.test(v),
};

export function maxLength(n: number): Rule {
	return { describe: `be at most ${n} characters long`, test: (v) => [...v].length <= n };
}
