const fs = require("fs");
import { format } from "./format.js";

/** Formats one value. */
export function helper(x) {
  return format(x);
}

export class Store {
  size = 0;

  add(item) {
    this.size += 1;
    return helper(item);
  }
}

export const task = (items) => items.map(helper);

function Legacy(name) {
  this.name = name;
}

/** Greets. */
Legacy.prototype.greet = function () {
  return "hello, " + this.name;
};

exports.load = function (path) {
  return fs.readFileSync(path, "utf8");
};

module.exports.report = function (x) {
  return String(x);
};

res.send = function (body) {
  return body;
};

module.exports.VERSION = "1.0.0";
