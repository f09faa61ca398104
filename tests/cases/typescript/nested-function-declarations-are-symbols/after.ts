export function sumOfSquares(xs: number[]): number {
  function square(x: number): number {
    return x ** 2;
  }
  const total = xs.map(square).reduce((a, b) => a + b, 0);
  return total;
}

export class Stats {
  mean(xs: number[]): number {
    const n = xs.length;
    return sumOfSquares(xs) / n;
  }
}
