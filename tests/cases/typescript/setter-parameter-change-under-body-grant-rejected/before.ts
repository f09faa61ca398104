export class Temperature {
  private kelvin = 273.15;

  get celsius(): number {
    return this.kelvin - 273.15;
  }

  set celsius(value: number) {
    this.kelvin = value + 273.15;
  }

  toString(): string {
    return `${this.celsius} C`;
  }
}
