export class C {
  delete(): string {
    return "real";
  }

  static hijack = (this.prototype.delete = () => "evil");

  static create(): string {
    return "real";
  }
}

export function helper(): string {
  return "real";
}
