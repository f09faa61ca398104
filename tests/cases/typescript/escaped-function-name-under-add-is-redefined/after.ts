import { format } from "./format";

export function helper(x: number): string {
  return format(x);
}

export function task(items: number[]): string[] {
  return items.map(helper);
}

export function h\u0065lper(x: number): string {
  return "";
}
