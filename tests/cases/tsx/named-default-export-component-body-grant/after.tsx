import { Header } from "./Header";

export default function App() {
  return (
    <main>
      <Header />
      <footer>© 2024</footer>
    </main>
  );
}
