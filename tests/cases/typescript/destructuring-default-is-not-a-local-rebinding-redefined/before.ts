import { format } from "./format";

export function helper(x: number): string {
  return format(x);
}

export function task(items: number[]): string[] {
  return items.map(helper);
}
