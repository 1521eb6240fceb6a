import { CLIENT_TOOLBOX_VALIDATION } from './clienttoolbox';
import { INTREPID_VALIDATION } from './intrepid';
import { TOURCMS_VALIDATION } from './tourcms';
import { TRACKFINITY_VALIDATION } from './trackfinity';
import type { ValidationCase } from './types';

export type { ValidationCase, ValidationTarget } from './types';

export const VALIDATION_CASES: ValidationCase[] = [
	TOURCMS_VALIDATION,
	TRACKFINITY_VALIDATION,
	INTREPID_VALIDATION,
	CLIENT_TOOLBOX_VALIDATION,
];
