const assert = require("assert");
const { add, mul } = require("../math");

describe("math", () => {
  it("adds", () => {
    assert.strictEqual(add(1, 2), 3);
  });

  it.skip("later", () => {});

  test.each([1, 2])("adds %i", (n) => {
    assert.strictEqual(add(n, 0), n);
  });

  it("multiplies", () => {
    assert.strictEqual(mul(2, 3), 6);
  });
});
