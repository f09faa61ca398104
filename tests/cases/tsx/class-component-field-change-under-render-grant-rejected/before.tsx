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
    return <button onClick={this.handleClick}>{this.state.count}</button>;
  }
}
