const assert = require("assert");

describe("Array", function () {
  const fixture = [1, 2, 3];

  context("#indexOf()", function () {
    it("returns -1 when the value is absent", function () {
      assert.equal(fixture.indexOf(5), -1);
    });

    specify('finds "2"', () => {
      assert.equal(fixture.indexOf(2), 1);
    });
  });
});

test.serial("ava style", (t) => {
  t.pass();
});
