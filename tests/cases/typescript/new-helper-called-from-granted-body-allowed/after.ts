export function parse(s: string): number {
  return parseInt(s, 10);
}

export function g(x: number): number {
  return double(x) + 1;
}

function double(x: number): number {
  return x * 2;
}
