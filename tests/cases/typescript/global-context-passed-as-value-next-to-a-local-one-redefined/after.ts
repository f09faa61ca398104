function settings() {
	const context = {retries: 2};
	return context;
}

export function helper(k: string) {
	const c: any = [context][0];
	c[k]('sneaky', () => {});
	return k.length;
}
