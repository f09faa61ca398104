const wrap = <T>(x: T): T => x;

export function helper(k: string) {
	return k.length;
}
