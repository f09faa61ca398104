const assert = require("assert");
const { mul } = require("../math");

describe("math", () => {
  let expected = 6;

  it("adds", () => {
    assert.strictEqual(1 + 2, 3);
    expected = 5;
  });

  it("multiplies", () => {
    assert.strictEqual(mul(2, 3), expected);
  });
});
