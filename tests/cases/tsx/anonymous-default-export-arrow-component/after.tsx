import { Outlet } from "react-router-dom";

export function Nav() {
  return <nav>Home</nav>;
}

export default () => (
  <div className="layout">
    <Nav />
    <Outlet />
    <footer>v2</footer>
  </div>
);
