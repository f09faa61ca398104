import { useState, useCallback } from "react";

export function Counter({ start }: { start: number }) {
  const [count, setCount] = useState(start ?? 0);
  const increment = useCallback(() => setCount((c) => c + 1), []);
  function reset() {
    setCount(start);
  }
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
