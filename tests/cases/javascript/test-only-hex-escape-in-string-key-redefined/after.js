const assert = require("assert");
const { add, mul } = require("../math");

describe("math", () => {
  it["\x6fnly"]("adds", () => {
    assert.strictEqual(add(1, 2), 3);
  });

  it("multiplies", () => {
    assert.strictEqual(mul(2, 3), 6);
  });
});
