export class C {
  delete(): string {
    return "real";
  }

  hijack = (this.delete = () => "evil");

  static create(): string {
    return "real";
  }
}

export function helper(): string {
  return "real";
}
