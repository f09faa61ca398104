import { describe, it, expect } from "vitest";

describe("math", () => {
  it("adds", ({ task }) => {
    task.suite!.tasks.length = 0;
    expect(1 + 2).toBe(3);
  });

  it("multiplies", () => {
    expect(2 * 3).toBe(6);
  });
});
