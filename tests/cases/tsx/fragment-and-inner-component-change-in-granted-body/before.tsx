export function Toolbar() {
  const [open, setOpen] = useState(false);
  const Item = ({ label }: { label: string }) => <li>{label}</li>;
  return (
    <>
      <button onClick={() => setOpen(!open)}>Menu</button>
      {open && (
        <ul>
          <Item label="New" />
        </ul>
      )}
    </>
  );
}

export function StatusBar() {
  return <footer>Ready</footer>;
}
