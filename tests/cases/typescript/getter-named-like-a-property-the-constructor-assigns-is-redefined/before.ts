export class Job {
	constructor() {
		(this as any).done = false;
	}

	run(): void {}
}
