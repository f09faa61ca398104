export interface Box<in T> {
  put(v: T): void;
}
export function f(): number {
  return 1;
}
