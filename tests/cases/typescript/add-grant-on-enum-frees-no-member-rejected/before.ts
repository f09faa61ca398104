namespace Shapes {
  export function area(r: number): number {
    return Math.PI * r * r;
  }

  export function perimeter(r: number): number {
    return 2 * Math.PI * r;
  }
}

export enum Color {
  Red = "red",
  Green = "green",
}
