const assert = require("assert");

function install() {
  return 1;
}

describe("math", function () {
  before(install);

  it("adds", function () {
    assert.strictEqual(1 + 2, 3);
  });
});
