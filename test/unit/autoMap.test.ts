import { autoMapFields, normalizeName } from '../../nodes/shared/input/autoMap';
import type { FieldSpec } from '../../nodes/shared/input/fieldTable';
import { INTREPID_FIELDS } from '../../nodes/Intrepid/fields';
import { TOURCMS_FIELDS } from '../../nodes/TourCms/fields';

function spec(key: string, wire: string, label: string): FieldSpec {
	return { key, wire, label, description: '', kind: 'string', clear: 'empty' };
}

const NESTED: FieldSpec[] = [
	spec('firstName', 'firstName', 'First Name'),
	spec('homePhone', 'homePhone', 'Home Phone'),
	spec('homeAddress_city', 'homeAddress.city', 'Home Address City'),
	spec('homeAddress_postcode', 'homeAddress.postcode', 'Home Address Postcode'),
	spec('emergencyContact_firstName', 'emergencyContact.firstName', 'Emergency Contact First Name'),
	spec('emergencyContact_homePhone', 'emergencyContact.homePhone', 'Emergency Contact Home Phone'),
];

describe('automatic field mapping', () => {
	it('normalizes names across naming styles', () => {
		expect(
			['first_name', 'firstName', 'First Name', 'FIRSTNAME', 'first-name'].map(normalizeName),
		).toEqual(Array(5).fill('firstname'));
	});

	it('never fills a field that has no effect on an update (Intrepid countryName from a GET record), and says why', () => {
		const result = autoMapFields(INTREPID_FIELDS, {
			homeAddress: { countryName: 'Australia', countryCode: 'AU' },
		});
		expect(result.updateFields).toEqual({ homeAddressCountryCode: 'AU' });
		expect(result.ignored).toEqual({
			'homeAddress.countryName':
				"homeAddress.countryName has no effect on an update: by Intrepid's documentation it is only used in GET requests; Home Address Country Code (homeAddress.countryCode) sets the country",
		});
	});

	it('maps a Form Trigger submission onto TourCMS fields by name and alias, and reports the rest', () => {
		const result = autoMapFields(
			TOURCMS_FIELDS,
			{
				'First Name': 'Jo',
				last_name: 'Bloggs',
				'Email Address': 'jo@example.com',
				zip: 'LS1 4AP',
				mobile: '+44 7700 900000',
				'Date of Birth': '1985-04-23',
				customer_id: '12345',
				submittedAt: '2026-11-23T07:00:00Z',
				formMode: 'production',
			},
			['customer_id'],
		);
		expect(result.updateFields).toEqual({
			firstname: 'Jo',
			surname: 'Bloggs',
			email: 'jo@example.com',
			postcode: 'LS1 4AP',
			tel_mobile: '+44 7700 900000',
			dob: '1985-04-23',
		});
		expect(result.used).toMatchObject({
			'First Name': 'firstname',
			last_name: 'surname',
			zip: 'postcode',
			mobile: 'tel_mobile',
		});
		expect(result.ignored).toEqual({
			customer_id: 'used to identify the customer',
			submittedAt: 'no field of this provider has that name',
			formMode: 'no field of this provider has that name',
		});
	});

	it('prefers a field of the same name over a nested one, and maps nested inputs by path or alias', () => {
		const result = autoMapFields(NESTED, {
			firstName: 'Homer',
			homeAddress: { city: 'Springfield' },
			postcode: '3167',
			emergencyContactFirstName: 'Marge',
		});
		expect(result.updateFields).toEqual({
			firstName: 'Homer',
			homeAddress_city: 'Springfield',
			homeAddress_postcode: '3167',
			emergencyContact_firstName: 'Marge',
		});
	});

	it('reports ambiguous names instead of guessing, and skips empty values', () => {
		const result = autoMapFields(NESTED, { phone: '0115', firstName: '' });
		expect(result.updateFields).toEqual({});
		expect(result.ignored.phone).toBe(
			'could mean homePhone or emergencyContact.homePhone; map it explicitly',
		);
		expect(result.ignored.firstName).toBe('empty');
	});

	it('lets an exact name win over an alias, and refuses two exact names for one field', () => {
		const result = autoMapFields(TOURCMS_FIELDS, { zip: '1', postcode: '2' });
		expect(result.updateFields).toEqual({ postcode: '2' });
		expect(result.ignored.zip).toBe('postcode is filled from "postcode"');
		expect(() => autoMapFields(TOURCMS_FIELDS, { surname: 'A', Surname: 'B' })).toThrow(
			'Input fields "surname" and "Surname" both map to surname; remove one or map the fields explicitly',
		);
	});
});
