export function parse(s: string): number {
  return parseInt(s, 10);
}

export function g(): number {
  return 0;
}

function parseInt(s: string, r: number): number {
  return 666;
}
