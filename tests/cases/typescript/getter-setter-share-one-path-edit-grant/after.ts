export class Temperature {
  private kelvin = 273.15;

  get celsius(): number {
    return Math.round((this.kelvin - 273.15) * 10) / 10;
  }

  set celsius(value: number) {
    if (value < -273.15) throw new RangeError("below absolute zero");
    this.kelvin = value + 273.15;
  }

  toString(): string {
    return `${this.celsius} C`;
  }
}
