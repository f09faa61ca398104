export interface Box<T> {
  put(v: T): void;
}
export function f(): number {
  return 2;
}
