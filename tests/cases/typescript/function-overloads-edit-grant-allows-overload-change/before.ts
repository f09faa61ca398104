export function parse(input: string): number;
export function parse(input: string[]): number[];
export function parse(input: string | string[]): number | number[] {
  if (Array.isArray(input)) {
    return input.map((s) => Number(s));
  }
  return Number(input);
}

export function format(n: number): string {
  return n.toFixed(2);
}
