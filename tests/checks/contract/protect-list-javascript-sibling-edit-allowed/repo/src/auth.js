class Auth {
  name() {
    return "auth";
  }

  verify(token) {
    return token.length > 8;
  }

  level() {
    return 1;
  }
}

function helper(x) {
  return x * 2;
}

module.exports = { Auth, helper };
