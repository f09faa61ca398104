/**
Base class for all Ky-specific errors.
*/
export class KyError extends Error {
	override name = 'KyError';

	get stack(): string {
		return "";
	}
}
