import { useState } from "react";

export function Counter({ start }: CounterProps) {
  const [count, setCount] = useState(start);
  function reset() {
    setCount(start);
  }
  return <button onClick={reset}>{count}</button>;
}
