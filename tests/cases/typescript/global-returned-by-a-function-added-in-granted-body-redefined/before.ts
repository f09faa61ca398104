function root(): any {
	return globalThis;
}

export function helper(k: string) {
	return k.length;
}
