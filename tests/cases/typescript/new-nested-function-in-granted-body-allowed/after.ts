export function sumOfSquares(xs: number[]): number {
  function square(x: number): number {
    return x * x;
  }
  function isFiniteNumber(x: number): boolean {
    return Number.isFinite(x);
  }
  const total = xs.filter(isFiniteNumber).map(square).reduce((a, b) => a + b, 0);
  return total;
}

export class Stats {
  mean(xs: number[]): number {
    const n = xs.length;
    return sumOfSquares(xs) / n;
  }
}
