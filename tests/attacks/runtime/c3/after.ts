export class Cell<in /*b*/ out T> {
  v!: T;
}
export function f(): number {
  return 2;
}
