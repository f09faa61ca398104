export class Bag {
	[key: string]: unknown;

	size(): number {
		return 0;
	}
}
