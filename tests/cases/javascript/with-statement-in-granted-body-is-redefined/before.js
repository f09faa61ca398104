function Legacy() {}

Legacy.prototype.greet = function () {
  return "hello";
};

function helper(x) {
  return x + 1;
}

module.exports = { Legacy, helper };
