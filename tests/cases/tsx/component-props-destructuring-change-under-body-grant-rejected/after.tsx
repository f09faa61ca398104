import React from "react";

interface GreetingProps {
  name: string;
}

export function Greeting({ name = "friend" }: GreetingProps) {
  return (
    <div className="greeting">
      <h1>Hello, {name}</h1>
    </div>
  );
}

export function Farewell({ name }: GreetingProps) {
  return <p className="farewell">Goodbye, {name}</p>;
}
