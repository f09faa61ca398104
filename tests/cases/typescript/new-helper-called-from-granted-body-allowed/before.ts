export function parse(s: string): number {
  return parseInt(s, 10);
}

export function g(x: number): number {
  return x + 1;
}
