function register(it: any, name: string) {
	it(name, () => {});
}

register(it, 'a');
