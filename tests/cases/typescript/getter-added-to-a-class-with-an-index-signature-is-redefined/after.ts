export class Bag {
	[key: string]: unknown;

	size(): number {
		return 0;
	}

	get ready(): boolean {
		return true;
	}
}
