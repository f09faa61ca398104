export function main(s: string, xs: number[]): number {
  return parseInt(s) + xs.map((x) => x).length;
}

export function setup(): void {
  Object.defineProperty(globalThis, "parseInt", { value: () => 0 });
}
