import {BaseError} from './base.js';

export class KyError extends BaseError {
	override name = 'KyError';

	get isKyError(): true {
		return true;
	}
}
