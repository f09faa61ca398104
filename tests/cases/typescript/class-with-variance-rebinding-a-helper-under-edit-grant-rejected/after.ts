export class Box<in out T> {
  value!: T;
  get(): T {
    helper = () => 2;
    return this.value;
  }
}

export function helper(): number {
  return 1;
}
