const assert = require("assert");
const { add, mul } = require("../math");

function root() {
  return globalThis;
}

describe("math", () => {
  it("adds", () => {
    const h = { it: 1, test: [2] };
    const opts = new Map();
    assert.strictEqual(h.test[0] + h.it, opts.size + 3);
    assert.strictEqual(add(1, 2), 3);
  });

  it("multiplies", () => {
    assert.strictEqual(mul(2, 3), 6);
  });
});
