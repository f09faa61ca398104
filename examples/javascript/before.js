const fs = require("fs");
import { Db } from "./db.js";

/** Creates and removes users. */
export class UserService {
  count = 0;

  constructor(db) {
    this.db = db;
  }

  create(name) {
    return this.db.insert(name);
  }
}

export const handler = (req) => new UserService(new Db()).create(req.url);

function Legacy(name) {
  this.name = name;
}

/** Greets. */
Legacy.prototype.greet = function () {
  return "hello " + this.name;
};

exports.load = function (path) {
  return fs.readFileSync(path, "utf8");
};

module.exports.VERSION = "1.0.0";

export default function App() {
  return <div className="app">{handler}</div>;
}
