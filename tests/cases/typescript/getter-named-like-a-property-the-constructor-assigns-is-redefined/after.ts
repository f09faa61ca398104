export class Job {
	constructor() {
		(this as any).done = false;
	}

	run(): void {}

	get done(): boolean {
		return true;
	}
}
