import * as React from "react";

export class Counter extends React.Component<{}, { n: number }> {
  constructor(props: {}) {
    super(props);
    this.state = { n: 0 };
  }

  handleClick() {
    this.setState({ n: this.state.n + 1 });
  }

  render() {
    return <button onClick={this.handleClick}>{this.state.n}</button>;
  }
}
