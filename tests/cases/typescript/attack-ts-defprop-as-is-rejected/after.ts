export class C {
  delete(): string {
    return "real";
  }
}

export function parse(s: string): number {
  return parseInt(s, 10);
}

export function g(): number {
  Object.defineProperty(C.prototype as any, 'delete', { value: () => 'evil' });
  return 0;
}
