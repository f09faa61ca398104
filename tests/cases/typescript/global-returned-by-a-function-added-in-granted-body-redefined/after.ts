function root(): any {
	return globalThis;
}

export function helper(k: string) {
	root().it[k]('sneaky', () => {});
	return k.length;
}
