import { a } from "a";

export function f(): number {
  return a;
}

export function g(): number {
  return 2;
}
