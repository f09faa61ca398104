export class C {
  delete(): string {
    return "real";
  }

  static create(): string {
    return "real";
  }
}

export function helper(): string {
  return "real";
}
