export class Box<in out T> {
  value!: T;
  get(): T {
    return this.value;
  }
}

export function helper(): number {
  return 1;
}
