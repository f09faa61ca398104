const name = "x";

describe(name, () => {
  const local = 1;
});

it?.("optional", () => {});

foo("not a test", () => {});
