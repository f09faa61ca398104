import parseInt = require("./f");

export function main(s: string): number {
  return parseInt(s);
}
