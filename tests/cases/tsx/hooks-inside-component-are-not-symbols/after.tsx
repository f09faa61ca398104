import { useState, useCallback } from "react";

interface CounterProps {
  start: number;
}

export function Counter({ start }: CounterProps) {
  const [count, setCount] = useState(start ?? 0);
  const increment = useCallback(() => setCount((c) => c + 1), []);
  const reset = () => setCount(start);
  return (
    <div>
      <span>{count}</span>
      <button onClick={increment}>+</button>
      <button onClick={reset}>reset</button>
    </div>
  );
}

export function Title() {
  return <h2>Counter</h2>;
}
