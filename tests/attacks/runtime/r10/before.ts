export interface I<in // c1
 out T> { x: T }
export function f(): number {
  return 1;
}
