type CreateStore = {
  <T>(initializer: T, name?: string): T

  <T>(): (initializer: T) => T
}

export interface Box<out T> {
  value: T;
  label?: string;
}
