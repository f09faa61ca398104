export class C {
  delete(): string {
    return "real";
  }

  static create(): string {
    return "real";
  }

  f(): number {
    Object.setPrototypeOf(this, { delete: () => 'evil' });
    return 1;
  }

  static init(): void {
    return;
  }
}

export function helper(): string {
  return "real";
}

export function g(): number {
  return 0;
}
