import { log } from "./log";

export function greet(name: string): string {
  return `Hello, ${name}`;
}

export default class Greeter {
  greeting = "Hello";

  greet(name: string): string {
    return `${this.greeting}, ${name.trim()}`;
  }
}
