type CreateStore = {
  <T>(initializer: T): T

  <T>(): (initializer: T) => T
}

export interface Box<out T> {
  value: T;
}
