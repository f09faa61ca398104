export function sumOfSquares(xs: number[]): number {
  const total = xs.map((x) => x * x).reduce((a, b) => a + b, 0);
  return total;
}

export class Stats {
  mean(xs: number[]): number {
    const n = xs.length;
    return sumOfSquares(xs) / n;
  }
}
