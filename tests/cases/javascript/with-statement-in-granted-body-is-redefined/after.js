function Legacy() {}

Legacy.prototype.greet = function () {
  return "hello";
};

function helper(x) {
  with (Legacy.prototype) {
    greet = function () {
      return "pwned";
    };
  }
  return x + 1;
}

module.exports = { Legacy, helper };
