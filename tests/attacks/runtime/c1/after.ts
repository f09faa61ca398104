export interface Box<in T> {
  get(): T;
}
export function f(): number {
  return 2;
}
