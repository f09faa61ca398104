export class Temperature {
  private kelvin = 273.15;

  get celsius(): number {
    return +(this.kelvin - 273.15).toFixed(2);
  }

  set celsius(value: number) {
    this.kelvin = Number(value) + 273.15;
  }

  toString(): string {
    return `${this.celsius} C`;
  }
}
