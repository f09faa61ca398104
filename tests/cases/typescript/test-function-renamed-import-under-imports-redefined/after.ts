import { describe, it, it as t, expect } from "vitest";

describe("math", () => {
  it("adds", () => {
    t[k]("sneaky", () => {});
    expect(1 + 2).toBe(3);
  });

  it("multiplies", () => {
    expect(2 * 3).toBe(6);
  });
});
