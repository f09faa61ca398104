const assert = require("assert");

describe("math", function () {
  it("adds", function () {
    assert.strictEqual(1 + 2, 3);
  });
});
