// ky's shape (source/core/Ky.ts): an option named like mocha's `context`, and the global
// object passed on to `bind`. Neither is a test function.
import {cloneShallow} from './utils.js';

export class Client {
	options: {context?: object; fetch: typeof fetch};

	constructor(options: {context?: object; fetch?: typeof fetch}) {
		this.options = {
			context: cloneShallow(options.context),
			fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
		};
	}

	async send(request: Request) {
		try {
			return await this.options.fetch(request);
		} catch (error: unknown) {
			throw error;
		}
	}
}
