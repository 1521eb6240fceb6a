'use strict';
// Intrepid Group API emulator: X-Api-Key authentication, PATCH /[context]/[contextId]/Customers/[id],
// PATCH /Customers/[id], GET /Bookings and GET /Bookings/[id].
//
// Documented (developers.intrepidgroup.travel): the X-Api-Key / Accept / Content-Type headers, the
// field list and its rules (title, firstName, surname cannot override a value; middleName, dateOfBirth
// and passport are editable only before a trip is confirmed, fullyPaid or onRequest; DOB within the trip's
// age limits; a passport needs number, nationality (ISO alpha-2), dateOfIssue and dateOfExpiry; status
// confirmed/tentative/onRequest/cancelled, confirming without payment only for on-statement agents;
// singleSupplement only on a trip; cancelSingleSupplementOnly takes effect only with status cancelled and
// externalReference only with pax cancellation; homeAddress.countryName is only used by GET), the status codes
// 200/202/400/401/403/404/500 and the error structure {errorType, errors[], correlationId}.
// NOT documented, so chosen here: the errorType words (BadRequest, Unauthorized, Forbidden, NotFound,
// InternalServerError); a DOB outside a trip's age limits, confirming without payment, changing a locked
// field or a set-once name, and reinstating a cancelled customer are 403 (the value is well formed but the
// record refuses it); a body that is not application/json is 400; status changes that go to the supplier
// (onRequest, cancelled) answer 202 with an empty body, other updates 200 with the customer; context names and "Customers"/"Bookings" match in any case;
// status needs a component context; cancelSingleSupplementOnly outside a trip is 400 (the page calls it valid
// only for a trip), while cancelSingleSupplementOnly and externalReference without status cancelled, and
// homeAddress.countryName, are accepted and change nothing (the page says they do not take effect, not that
// they are refused).
const crypto = require('crypto');
const { startServer } = require('./lib/server');

const COMPONENTS = ['Trips', 'Accommodation', 'Transfer', 'AdditionalService', 'Sightseeing'];
const STATUSES = ['confirmed', 'tentative', 'onRequest', 'cancelled'];
const TOP_STRINGS = [
	'title', 'firstName', 'middleName', 'surname', 'dateOfBirth', 'homePhone', 'mobilePhone', 'emailAddress',
	'travelInsurancePolicyNumber', 'travelInsuranceCompany', 'travelInsuranceCompanyPhone', 'status', 'dietaryNote',
	'medicalNote', 'singleSupplement', 'cancelSingleSupplementOnly', 'externalReference',
];
const OBJECTS = {
	homeAddress: ['addressLine1', 'addressLine2', 'city', 'state', 'postcode', 'countryCode'],
	passport: ['number', 'nationality', 'placeOfIssue', 'dateOfIssue', 'dateOfExpiry'],
	emergencyContact: ['firstName', 'surname', 'homePhone', 'mobilePhone', 'relationship'],
};
const SET_ONCE = ['title', 'firstName', 'surname'];
const COUNTRIES = { AU: 'Australia', US: 'United States', GB: 'United Kingdom', NZ: 'New Zealand', DE: 'Germany', FR: 'France', CA: 'Canada', JP: 'Japan', TH: 'Thailand' };

function defaultSeed() {
	return {
		apiKeys: {
			'itg-agent-4f7c2a9e1d3b8c65': { agent: 'Sunrise Travel', onStatement: false },
			'itg-onstatement-9b1e6d3a7c2f4e80': { agent: 'Harbour Wholesale', onStatement: true },
		},
		customers: {
			9001: {
				title: 'Mr', firstName: 'Homer', middleName: '', surname: 'Simpson', dateOfBirth: '1975-05-12',
				emailAddress: 'homer@simpson.com', mobilePhone: '0435485548',
				homeAddress: { addressLine1: '742 Evergreen Terrace', city: 'Springfield', countryCode: 'US' },
			},
			// Booked before the names were known: title, firstName and surname can still be set.
			9002: { title: '', firstName: '', middleName: '', surname: '' },
			9003: { title: 'Mrs', firstName: 'Marge', middleName: 'Jacqueline', surname: 'Simpson', dateOfBirth: '1978-03-19' },
			9004: { title: 'Mstr', firstName: 'Bart', surname: 'Simpson', dateOfBirth: '2010-04-01' },
			9005: { title: 'Miss', firstName: 'Lisa', surname: 'Simpson', dateOfBirth: '2008-05-09' },
			9006: { title: 'Mr', firstName: 'Abraham', surname: 'Simpson', dateOfBirth: '1950-05-25' },
			9007: { title: 'Ms', firstName: 'Maude', surname: 'Flanders', dateOfBirth: '1996-02-02' },
		},
		bookings: {
			5057123: { status: 'incomplete', fullyPaid: false, customers: [9001, 9002, 9003, 9004, 9006, 9007] },
			5057124: { status: 'complete', fullyPaid: true, customers: [9005] },
		},
		components: {
			Trips: {
				7001: {
					bookingId: 5057123, tripName: 'Classic Japan', startDate: '2026-06-01', minAge: 15, maxAge: null,
					customers: {
						9001: { status: 'tentative', paid: false, singleSupplement: 'false' },
						9002: { status: 'tentative', paid: false, singleSupplement: 'false' },
						9003: { status: 'confirmed', paid: true, singleSupplement: 'false' },
					},
				},
				7002: {
					bookingId: 5057123, tripName: 'Peru Encompassed', startDate: '2026-09-10', minAge: 12, maxAge: null,
					customers: {
						9004: { status: 'onRequest', paid: false, singleSupplement: 'false' },
						9006: { status: 'cancelled', paid: false, singleSupplement: 'true' },
					},
				},
				7003: {
					bookingId: 5057124, tripName: 'Vietnam Family Holiday', startDate: '2026-07-01', minAge: 5, maxAge: null,
					customers: { 9005: { status: 'tentative', paid: true, singleSupplement: 'false' } },
				},
				7004: {
					bookingId: 5057123, tripName: 'Thailand 18-to-Thirtysomethings', startDate: '2026-05-01', minAge: 18, maxAge: 39,
					customers: { 9007: { status: 'tentative', paid: false, singleSupplement: 'true' } },
				},
			},
			Accommodation: { 8101: { bookingId: 5057123, customers: { 9001: { status: 'tentative', paid: false } } } },
			Transfer: { 8201: { bookingId: 5057123, customers: { 9001: { status: 'tentative', paid: false } } } },
			AdditionalService: { 8301: { bookingId: 5057123, customers: { 9001: { status: 'tentative', paid: false } } } },
			Sightseeing: { 8401: { bookingId: 5057123, customers: { 9001: { status: 'tentative', paid: false } } } },
		},
	};
}

function clone(value) {
	return JSON.parse(JSON.stringify(value));
}

function isRealDate(value) {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	if (!m) return false;
	const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
	return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function ageOn(dateOfBirth, day) {
	const [by, bm, bd] = dateOfBirth.split('-').map(Number);
	const [y, m, d] = day.split('-').map(Number);
	return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

function fail(status, errorType, ...errors) {
	return {
		status,
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ errorType, errors, correlationId: crypto.randomUUID() }),
	};
}

const bad = (...errors) => fail(400, 'BadRequest', ...errors);
const forbidden = (...errors) => fail(403, 'Forbidden', ...errors);
const notFound = (...errors) => fail(404, 'NotFound', ...errors);

function json(status, body) {
	return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function lastHeader(value) {
	return Array.isArray(value) ? value[value.length - 1] : value;
}

/** Checks the shape and values of a PATCH body; returns the list of problems (400). */
function validateBody(body) {
	const errors = [];
	for (const [key, value] of Object.entries(body)) {
		if (key === 'id') continue;
		if (OBJECTS[key]) {
			if (!value || typeof value !== 'object' || Array.isArray(value)) {
				errors.push(`${key} must be an object`);
				continue;
			}
			for (const [inner, v] of Object.entries(value)) {
				if (!OBJECTS[key].includes(inner) && !(key === 'homeAddress' && inner === 'countryName')) errors.push(`Unknown field ${key}.${inner}`);
				else if (typeof v !== 'string') errors.push(`${key}.${inner} must be a string`);
			}
		} else if (!TOP_STRINGS.includes(key)) {
			errors.push(`Unknown field ${key}`);
		} else if (typeof value !== 'string') {
			errors.push(`${key} must be a string`);
		}
	}
	if (errors.length) return errors;
	for (const key of ['title', 'firstName', 'surname']) {
		if (key in body && body[key].trim() === '') errors.push(`${key} must not be empty`);
	}
	if ('dateOfBirth' in body && !isRealDate(body.dateOfBirth)) errors.push('dateOfBirth must be a valid date (YYYY-MM-DD)');
	if ('status' in body && !STATUSES.includes(body.status)) errors.push(`status must be one of ${STATUSES.join(', ')}`);
	for (const key of ['singleSupplement', 'cancelSingleSupplementOnly']) {
		if (key in body && !['true', 'false'].includes(body[key])) errors.push(`${key} must be "true" or "false"`);
	}
	const address = body.homeAddress;
	if (address && 'countryCode' in address && !COUNTRIES[address.countryCode] && !/^[A-Z]{2}$/.test(address.countryCode)) {
		errors.push('homeAddress.countryCode must be an ISO 3166-1 alpha-2 code');
	}
	const passport = body.passport;
	if (passport) {
		for (const key of ['number', 'nationality', 'dateOfIssue', 'dateOfExpiry']) {
			if (!(key in passport) || passport[key].trim() === '') errors.push(`passport.${key} is mandatory`);
		}
		if ('placeOfIssue' in passport && passport.placeOfIssue.trim() === '') {
			errors.push('passport.placeOfIssue must have at least 1 non-whitespace character');
		}
		if (passport.nationality && !/^[A-Z]{2}$/.test(passport.nationality)) {
			errors.push('passport.nationality must be an ISO 3166-1 Alpha-2 code (e.g. US)');
		}
		for (const key of ['dateOfIssue', 'dateOfExpiry']) {
			if (passport[key] && !isRealDate(passport[key])) errors.push(`passport.${key} must be a valid date (YYYY-MM-DD)`);
		}
		if (!errors.length && passport.dateOfExpiry <= passport.dateOfIssue) {
			errors.push('passport.dateOfExpiry must be after passport.dateOfIssue');
		}
	}
	return errors;
}

async function startIntrepidEmulator({ port = 0, seed = defaultSeed() } = {}) {
	const state = clone(seed);
	/** Every PATCH that changed something, in order: `{ path, context, contextId, customerId, body, status }`. */
	const patches = [];
	/** Answer the next N authenticated requests with 500 (the documented "unexpected error"). */
	let serverErrors = 0;

	function findContext(name) {
		const lower = name.toLowerCase();
		if (lower === 'booking' || lower === 'bookings') return 'Booking';
		return COMPONENTS.find((c) => c.toLowerCase() === lower);
	}

	function tripsOf(customerId) {
		return Object.entries(state.components.Trips)
			.filter(([, trip]) => trip.customers[customerId])
			.map(([id, trip]) => ({ id, trip, entry: trip.customers[customerId] }));
	}

	function bookingOf(customerId) {
		const found = Object.entries(state.bookings).find(([, b]) => b.customers.map(String).includes(String(customerId)));
		return found ? { id: found[0], booking: found[1] } : undefined;
	}

	/** Why middleName, dateOfBirth and passport are locked, or undefined while they are editable. */
	function lockReason(customerId) {
		const booking = bookingOf(customerId);
		if (booking && booking.booking.fullyPaid) return `booking ${booking.id} is fullyPaid`;
		const trip = tripsOf(customerId).find((t) => ['confirmed', 'onRequest'].includes(t.entry.status));
		return trip ? `the customer is ${trip.entry.status} on trip ${trip.id}` : undefined;
	}

	function customerView(id, entry) {
		const c = state.customers[id];
		const view = { id: Number(id), ...clone(c) };
		if (view.homeAddress && COUNTRIES[view.homeAddress.countryCode]) view.homeAddress.countryName = COUNTRIES[view.homeAddress.countryCode];
		if (entry) {
			view.status = entry.status;
			if (entry.singleSupplement !== undefined) view.singleSupplement = entry.singleSupplement;
		}
		return view;
	}

	function patchCustomer(req, segments, agent) {
		const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
		if (type !== 'application/json') {
			return bad('Content-Type must be application/json');
		}
		let context = null;
		let contextId = null;
		let customerId;
		let component;
		if (segments.length === 2) {
			customerId = segments[1];
		} else {
			context = findContext(segments[0]);
			if (!context) return notFound(`Unknown context ${segments[0]}`);
			contextId = segments[1];
			customerId = segments[3];
			if (!/^[1-9][0-9]*$/.test(contextId)) return notFound(`${context} ${contextId} was not found`);
			component = context === 'Booking' ? state.bookings[contextId] : state.components[context][contextId];
			if (!component) return notFound(`${context} ${contextId} was not found`);
		}
		if (!/^[1-9][0-9]*$/.test(customerId) || !state.customers[customerId]) {
			return notFound(`Customer ${customerId} was not found`);
		}
		const inContext =
			context === null ||
			(context === 'Booking' ? component.customers.map(String).includes(customerId) : Boolean(component.customers[customerId]));
		if (!inContext) return notFound(`Customer ${customerId} was not found on ${context} ${contextId}`);

		let body;
		try {
			body = JSON.parse(req.text);
		} catch (error) {
			return bad(`The request body is not valid JSON: ${error.message}`);
		}
		if (!body || typeof body !== 'object' || Array.isArray(body)) return bad('The request body must be a JSON object');
		const problems = validateBody(body);
		if (problems.length) return bad(...problems);

		const record = state.customers[customerId];
		const entry = context && context !== 'Booking' ? component.customers[customerId] : undefined;
		const isTrip = context === 'Trips';
		if ('status' in body && !entry) return bad('status can only be set in the context of a component (Trips, Accommodation, Transfer, AdditionalService, Sightseeing)');
		if ('singleSupplement' in body && !isTrip) return bad('singleSupplement is only valid in the context of a Trip');
		if ('cancelSingleSupplementOnly' in body && !isTrip) {
			return bad('cancelSingleSupplementOnly is only valid in the context of a trip cancellation');
		}
		const cancelling = body.status === 'cancelled';
		const missing = SET_ONCE.filter((k) => !record[k] && !(k in body));
		if (missing.length) return bad(...missing.map((k) => `${k} is mandatory: the customer has none yet`));

		const refusals = SET_ONCE.filter((k) => k in body && record[k] && body[k] !== record[k]).map(
			(k) => `${k} cannot override the existing value`,
		);
		const lock = lockReason(customerId);
		if (lock) {
			for (const k of ['middleName', 'dateOfBirth']) {
				if (k in body && body[k] !== (record[k] ?? '')) refusals.push(`${k} cannot be changed: ${lock}`);
			}
			if (body.passport && JSON.stringify(body.passport) !== JSON.stringify(record.passport ?? null)) {
				refusals.push(`passport cannot be changed: ${lock}`);
			}
		}
		if (entry && 'status' in body && body.status !== entry.status) {
			if (entry.status === 'cancelled') refusals.push('status cannot be changed: the customer is cancelled on this component');
			const booking = bookingOf(customerId);
			const paid = entry.paid || Boolean(booking && booking.booking.fullyPaid);
			if (body.status === 'confirmed' && !paid && !agent.onStatement) {
				refusals.push('status cannot be confirmed: the required payment has not been made and the agent is not on statement');
			}
		}
		if (refusals.length) return forbidden(...refusals);

		if ('dateOfBirth' in body) {
			for (const { id, trip } of tripsOf(customerId)) {
				const age = ageOn(body.dateOfBirth, trip.startDate);
				if ((trip.minAge !== null && age < trip.minAge) || (trip.maxAge !== null && age > trip.maxAge)) {
					return forbidden(
						`dateOfBirth ${body.dateOfBirth} does not meet the age requirements of trip ${id} (${trip.minAge}-${trip.maxAge ?? 'no maximum'}; age ${age} on ${trip.startDate})`,
					);
				}
			}
		}

		for (const key of TOP_STRINGS) {
			if (!(key in body) || ['status', 'singleSupplement', 'cancelSingleSupplementOnly', 'externalReference'].includes(key)) continue;
			record[key] = body[key];
		}
		if (body.homeAddress) {
			// countryName is only used by GET: the stored country comes from countryCode alone.
			const { countryName: _getOnly, ...address } = body.homeAddress;
			record.homeAddress = { ...(record.homeAddress ?? {}), ...address };
		}
		if (body.emergencyContact) record.emergencyContact = { ...(record.emergencyContact ?? {}), ...body.emergencyContact };
		if (body.passport) record.passport = { ...body.passport };
		let supplier = false;
		if (entry) {
			if ('singleSupplement' in body) entry.singleSupplement = body.singleSupplement;
			if ('externalReference' in body && cancelling) component.externalReference = body.externalReference;
			if ('status' in body && body.status !== entry.status) {
				if (cancelling && body.cancelSingleSupplementOnly === 'true') {
					entry.singleSupplement = 'false';
				} else {
					entry.status = body.status;
				}
				supplier = body.status === 'onRequest' || body.status === 'cancelled';
			}
		}
		const status = supplier ? 202 : 200;
		patches.push({ path: req.path, context, contextId, customerId, body, status });
		return supplier ? { status: 202, headers: {}, body: '' } : json(200, customerView(customerId, entry));
	}

	function bookingView(id) {
		const b = state.bookings[id];
		return {
			id: Number(id),
			status: b.status,
			customers: { href: `/bookings/${id}/customers` },
			trips: { href: `/bookings/${id}/trips` },
			paxCount: b.customers.length,
		};
	}

	const emulator = await startServer(
		async (req) => {
			const key = lastHeader(req.headers['x-api-key']);
			const agent = key ? state.apiKeys[key] : undefined;
			if (!agent) return fail(401, 'Unauthorized', key ? 'Invalid API key' : 'Missing API key: send it in the X-Api-Key header');
			if (serverErrors > 0) {
				serverErrors -= 1;
				return fail(500, 'InternalServerError', 'An unexpected error occurred');
			}
			const segments = req.path.split('/').slice(1);
			if (segments[0] && segments[0].toLowerCase() === 'bookings' && segments.length <= 2 && req.method === 'GET') {
				if (segments.length === 1 || segments[1] === '') {
					const bookings = Object.keys(state.bookings).map(bookingView);
					return json(200, {
						bookings,
						pagination: { limit: 100, start: 0, totalPages: 1, totalRecords: bookings.length },
					});
				}
				return state.bookings[segments[1]] ? json(200, bookingView(segments[1])) : notFound(`Booking ${segments[1]} was not found`);
			}
			const isCustomers = (s) => typeof s === 'string' && s.toLowerCase() === 'customers';
			const customerRoute =
				(segments.length === 2 && isCustomers(segments[0])) || (segments.length === 4 && isCustomers(segments[2]));
			if (customerRoute) {
				if (req.method !== 'PATCH') return fail(405, 'MethodNotAllowed', `Method ${req.method} is not supported here`);
				return patchCustomer(req, segments, agent);
			}
			return notFound(`No resource at ${req.path}`);
		},
		{ port, name: 'intrepid' },
	);
	return Object.assign(emulator, {
		state,
		patches,
		customer: (id) => state.customers[id],
		/** The customer's entry (status, singleSupplement, paid) on a component. */
		entry: (context, contextId, customerId) => state.components[context][contextId].customers[customerId],
		/** Answers the next `count` authenticated requests with 500 InternalServerError. */
		failWithServerError(count = 1) {
			serverErrors = count;
		},
	});
}

module.exports = { startIntrepidEmulator, defaultSeed, COMPONENTS };
