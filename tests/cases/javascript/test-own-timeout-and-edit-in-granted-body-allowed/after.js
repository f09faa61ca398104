const assert = require("assert");
const { add, mul } = require("../math");

describe("math", () => {
  it("adds", function () {
    this.timeout(500);
    assert.strictEqual(add(2, 2), 4);
  });

  it("multiplies", () => {
    assert.strictEqual(mul(2, 3), 6);
  });
});
