import { a, b as parseInt, c } from "./f";

export function main(s: string): number {
  return parseInt(s);
}
