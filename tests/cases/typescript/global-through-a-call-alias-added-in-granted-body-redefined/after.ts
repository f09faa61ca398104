const wrap = <T>(x: T): T => x;

export function helper(k: string) {
	const g = wrap(globalThis) as any;
	g.it[k]('sneaky', () => {});
	return k.length;
}
