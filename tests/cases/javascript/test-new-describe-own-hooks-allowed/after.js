const assert = require("assert");

describe("math", function () {
  describe("helpers", function () {
    this.timeout(100);
    beforeEach(function () {});
    it("works", function () {});
  });

  it("adds", function () {
    assert.strictEqual(1 + 2, 3);
  });
});
