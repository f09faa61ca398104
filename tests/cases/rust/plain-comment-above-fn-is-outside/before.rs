// Helper used by the CLI.
fn parse_flag(s: &str) -> bool {
    matches!(s, "1" | "true" | "yes")
}

// Inverse of parse_flag.
fn format_flag(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}
