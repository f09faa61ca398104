export interface Box<out T> { get(): T }
export function g(): number {
  let a = 1
  let b = a
  ++b
  return b
}
export function f(): number {
  return 1;
}
