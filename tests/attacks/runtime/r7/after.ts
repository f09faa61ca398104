export class Cell<in out T> { v!: T }
export const s = `a ${1} b`;
export const r = /a  b/.test("a b");
export function f(): number {
  return 2;
}
