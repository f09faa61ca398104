import { add } from "./math";

const server = makeServer();

/** The math suite. */
describe("math", () => {
  const local = 1;
  let other = 2;

  beforeEach(() => {
    const inHook = 3;
  });

  it("adds numbers", () => {
    const server = 5;
    expect(add(1, 2)).toBe(3);
  });

  it.only('say "hi"', async () => {
    expect(1).toBe(1);
  });

  test.each([[1, 2]])("adds %i", (a, b) => {
    expect(a).toBe(b);
  });

  it("v1.2/with::seps", function () {
    expect(true).toBe(true);
  });

  it.todo("later");

  it(`template title`, () => expect(1).toBe(1));

  it(`with ${local}`, () => {});

  describe("nested", () => {
    test("deep", () => {});
  });
});
