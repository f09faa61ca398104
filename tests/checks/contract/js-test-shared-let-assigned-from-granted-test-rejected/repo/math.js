exports.mul = (a, b) => a + b; // bug
