import React from "react";

interface CounterState {
  count: number;
}

export class Counter extends React.Component<{}, CounterState> {
  state: CounterState = { count: 0 };

  handleClick = () => {
    this.setState({ count: this.state.count + 1 });
  };

  render() {
    const { count } = this.state;
    return <button onClick={this.handleClick}>Clicked {count} times</button>;
  }
}
