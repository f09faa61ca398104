import React from "react";

export interface ButtonProps {
  label: string;
  onClick?: () => void;
}

export function Button({ label, onClick }: ButtonProps) {
  return <button className="btn btn-primary" onClick={onClick}>{label}</button>;
}

export const Header = () => <h1>Welcome</h1>;
