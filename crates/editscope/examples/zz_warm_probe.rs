use std::time::Instant;
fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let ev: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(std::env::args().nth(2).unwrap()).unwrap())
            .unwrap();
    editscope::memo::enable(64 << 20);
    for round in 0..30 {
        let t = Instant::now();
        let s = editscope::session::Session::open(&root, "s1").unwrap();
        let t1 = t.elapsed();
        let st = s.status().unwrap();
        let t2 = t.elapsed();
        let mut input = ev["tool_input"].clone();
        input["new_string"] = serde_json::Value::String(format!(
            "{}  # {round}",
            input["new_string"].as_str().unwrap()
        ));
        let c = s.check_tool_call("Edit", &input, &root).unwrap();
        let t3 = t.elapsed();
        let ch = s.status().unwrap();
        let t4 = t.elapsed();
        let _ = (st, ch);
        println!("round {round}: open {:?} status {:?} check_tool_call {:?} (status again {:?}) allowed {} {:?}", t1, t2 - t1, t3 - t2, t4-t3, c.allowed, editscope::memo::stats());
    }
}
