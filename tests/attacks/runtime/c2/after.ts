export class Cell<out in T> {
  v!: T;
}
export function f(): number {
  return 2;
}
