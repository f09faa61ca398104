export function main(xs: number[]): number[] {
  return xs.map((x) => x + 1);
}

export function setup(): void {
}
