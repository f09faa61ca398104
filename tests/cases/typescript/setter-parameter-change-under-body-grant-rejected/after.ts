export class Temperature {
  private kelvin = 273.15;

  get celsius(): number {
    return this.kelvin - 273.15;
  }

  set celsius(degrees: number) {
    this.kelvin = degrees + 273.15;
  }

  toString(): string {
    return `${this.celsius} C`;
  }
}
