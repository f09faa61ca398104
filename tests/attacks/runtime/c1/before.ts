export interface Box<out T> {
  get(): T;
}
export function f(): number {
  return 1;
}
