import { readFile } from "fs";

function helper(): number {
  return 1;
}

export function main(xs: number[]): number[] {
  return xs.map((x) => x + helper());
}
