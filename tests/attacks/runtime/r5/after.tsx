export class C<out T> { m(): T { return null as any } }
export function f(): number {
  return 2;
}
