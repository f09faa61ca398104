export function Toolbar() {
  const [open, setOpen] = useState(false);
  const Item = ({ label, icon }: { label: string; icon?: string }) => (
    <li>
      {icon && <img src={icon} alt="" />}
      {label}
    </li>
  );
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
