export function helper(): number {
  return 1;
}

export const make = () =>
  class Cell<in out T> {
    value!: T;
    static {
      helper = () => 2;
    }
  };
