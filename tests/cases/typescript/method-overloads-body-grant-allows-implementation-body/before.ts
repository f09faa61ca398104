export class Formatter {
  format(value: number): string;
  format(value: Date): string;
  format(value: number | Date): string {
    if (value instanceof Date) {
      return value.toISOString();
    }
    return value.toFixed(2);
  }

  reset(): void {}
}
