function register(it: any, name: string) {
	it['o' + 'nly'](name, () => {});
}

register(it, 'a');
