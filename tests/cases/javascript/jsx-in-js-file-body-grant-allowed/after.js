import React from "react";

/** The app. */
export function App({ name }) {
  return <div className="main">{greet(name)}</div>;
}

function greet(name) {
  return "hi " + name;
}
