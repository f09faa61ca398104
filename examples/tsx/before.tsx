import React from "react";

export interface ButtonProps {
  label: string;
}

export function Button({ label }: ButtonProps) {
  return <button className="btn">{label}</button>;
}

export const Header = () => <h1>Welcome</h1>;
