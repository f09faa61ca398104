function settings() {
	const context = {retries: 2};
	return context;
}

export function helper(k: string) {
	return k.length;
}
