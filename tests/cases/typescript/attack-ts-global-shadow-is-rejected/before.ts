export function parse(s: string): number {
  return parseInt(s, 10);
}

export function g(): number {
  return 0;
}
