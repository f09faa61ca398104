export interface I<in // c2
 out T> { x: T }
export function f(): number {
  return 2;
}
