import { Layout } from "./Layout";

export function Sidebar() {
  return <aside>Menu</aside>;
}

export default function () {
  return (
    <Layout>
      <Sidebar />
    </Layout>
  );
}
