import React from "react";

/** The app. */
export function App({ name }) {
  return <div className="app">{greet(name)}</div>;
}

function greet(name) {
  return "hello " + name;
}
