import { describe, it, expect } from "vitest";
import { add } from "./math";

describe("math", () => {
  it("adds", () => {
    const re = /^\d+$/;
    expect(re.test(String(add(1, 2)))).toBe(true);
  });

  it("adds zero", () => {
    expect(add(1, 0)).toBe(1);
  });
});
