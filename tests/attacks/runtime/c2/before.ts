export class Cell<in out T> {
  v!: T;
}
export function f(): number {
  return 1;
}
