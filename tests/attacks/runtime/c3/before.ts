export class Cell<in /*a*/ out T> {
  v!: T;
}
export function f(): number {
  return 1;
}
