import { Header } from "./Header";

export default function App() {
  return (
    <main>
      <Header />
    </main>
  );
}
