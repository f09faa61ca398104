export class C<in T> { m(): T { return null as any } }
export function f(): number {
  return 1;
}
