const assert = require("assert");
const { add, mul } = require("../math");

describe("math", () => {
  it("adds", () => {
    const opts = { only: 1 };
    assert.strictEqual(add(1, 2), opts.only + 2);
  });

  it("multiplies", () => {
    assert.strictEqual(mul(2, 3), 6);
  });
});
