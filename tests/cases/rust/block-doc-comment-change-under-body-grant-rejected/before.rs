/// Parses a duration such as `10s`.

fn parse_duration(s: &str) -> Option<u64> {
    s.strip_suffix('s')?.parse().ok()
}

/**
 * Formats seconds as `Ns`.
 */
fn format_duration(secs: u64) -> String {
    format!("{secs}s")
}
