export function main(s: string): number {
  return parseInt(s);
}

export function setup(): void {
  (globalThis as any).editscopeReady = true;
}
