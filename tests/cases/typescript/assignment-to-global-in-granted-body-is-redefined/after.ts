export function main(s: string): number {
  return parseInt(s);
}

export function setup(): void {
  parseInt = (s: string) => 0;
}
