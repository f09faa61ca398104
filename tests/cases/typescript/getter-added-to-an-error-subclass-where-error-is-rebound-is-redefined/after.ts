import {Error} from './errors.js';

export class KyError extends Error {
	override name = 'KyError';

	get isKyError(): true {
		return true;
	}
}
