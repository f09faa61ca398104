const assert = require("assert");

describe("suite", () => {
  it("other", () => {
    assert.ok(true);
  });

  it("keeps", () => {
    assert.strictEqual(1, 2);
  });
});
