export function Toolbar() {
  const [open, setOpen] = useState(false);
  const Item = ({ label }: { label: string }) => <li className="item">{label}</li>;
  return (
    <>
      <button onClick={() => setOpen(!open)}>Menu</button>
      {open && (
        <ul>
          <Item label="New" />
          <Item label="Open" />
        </ul>
      )}
    </>
  );
}

export function StatusBar() {
  return <footer>Ready</footer>;
}
