import { format } from "./format";

export function helper(x: number): string {
  return format(x);
}

export function task(items: number[]): string[] {
  for (const helper of items) {
    console.log(helper);
  }
  return items.map(String);
}
