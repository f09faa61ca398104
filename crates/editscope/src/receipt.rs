//! Verifiable receipts: the contract, every file before and after (with SHA-256), and the
//! report, in one JSON file that anyone can re-check.

use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::changeset::{resolve, ChangeSet, FileChange, Symlink};
use crate::contract::Contract;
use crate::report::{check_changes, Report};

/// One file in a receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptFile {
    /// Repository-relative path.
    pub path: String,
    /// For a rename: where it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_path: Option<String>,
    /// SHA-256 (hex) of the content before (`None`: did not exist).
    pub before_sha256: Option<String>,
    /// SHA-256 (hex) of the content after (`None`: deleted).
    pub after_sha256: Option<String>,
    /// The content before, so that the verdict can be recomputed.
    pub before: Option<String>,
    /// The content after.
    pub after: Option<String>,
    /// Binary: contents not recorded.
    #[serde(default)]
    pub binary: bool,
    /// Which sides are symlinks (their content is the target).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symlink: Option<Symlink>,
}

/// A verifiable record of one check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    /// The editscope version that wrote it.
    pub editscope: String,
    /// The contract, in canonical TOML.
    pub contract: String,
    /// Every changed file.
    pub files: Vec<ReceiptFile>,
    /// The report, as JSON.
    pub report: serde_json::Value,
}

/// What [`Receipt::verify`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceiptCheck {
    /// Whether the receipt holds: its hashes match its contents, the report recomputed from
    /// them is the one recorded, and (with a root) the files on disk are in its `after` state.
    pub holds: bool,
    /// Whether the recorded report says allowed.
    pub allowed: bool,
    /// Everything that does not match.
    pub problems: Vec<String>,
}

/// SHA-256 of text, hex.
pub fn sha256_hex(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

impl Receipt {
    /// A receipt for `report`, the result of checking `changes` against `contract`.
    pub fn new(contract: &Contract, changes: &ChangeSet, report: &Report) -> Receipt {
        let files = changes
            .files
            .iter()
            .map(|f| ReceiptFile {
                path: f.path.clone(),
                old_path: f.old_path.clone(),
                before_sha256: f.before.as_deref().map(sha256_hex),
                after_sha256: f.after.as_deref().map(sha256_hex),
                before: if f.binary { None } else { f.before.clone() },
                after: if f.binary { None } else { f.after.clone() },
                binary: f.binary,
                symlink: f.symlink,
            })
            .collect();
        Receipt {
            editscope: env!("CARGO_PKG_VERSION").to_string(),
            contract: contract.canonical_toml(),
            files,
            report: serde_json::to_value(report).unwrap_or(serde_json::Value::Null),
        }
    }

    /// The receipt as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a receipt; [`crate::Error::InvalidReceipt`] names what is wrong and where.
    pub fn from_json(text: &str) -> Result<Receipt, crate::Error> {
        serde_json::from_str(text).map_err(|e| crate::Error::InvalidReceipt {
            message: format!("not a receipt: {e}"),
        })
    }

    /// Re-checks the receipt: hashes against contents, the report recomputed from the
    /// contract and contents, and, given `root`, the files on disk against the `after` hashes.
    pub fn verify(&self, root: Option<&Path>) -> ReceiptCheck {
        let mut problems = Vec::new();
        for f in &self.files {
            for (side, text, hash) in [
                ("before", &f.before, &f.before_sha256),
                ("after", &f.after, &f.after_sha256),
            ] {
                if let (Some(t), Some(h)) = (text, hash) {
                    if &sha256_hex(t) != h {
                        problems.push(format!(
                            "{}: the recorded {side} content does not match its SHA-256",
                            f.path
                        ));
                    }
                }
            }
        }
        let allowed = self.report.get("status").and_then(|s| s.as_str()) == Some("allowed");
        match Contract::from_toml(&self.contract) {
            Err(e) => problems.push(format!("the recorded contract does not parse: {e}")),
            Ok(contract) => {
                let changes = ChangeSet {
                    files: self
                        .files
                        .iter()
                        .map(|f| FileChange {
                            path: f.path.clone(),
                            old_path: f.old_path.clone(),
                            before: if f.binary {
                                f.before_sha256.clone()
                            } else {
                                f.before.clone()
                            },
                            after: if f.binary {
                                f.after_sha256.clone()
                            } else {
                                f.after.clone()
                            },
                            mode_change: None,
                            binary: f.binary,
                            symlink: f.symlink,
                        })
                        .collect(),
                    ..ChangeSet::default()
                };
                match check_changes(&contract, &changes) {
                    Err(e) => problems.push(format!(
                        "the check no longer runs on the recorded files: {e}"
                    )),
                    Ok(report) => {
                        let mut recomputed =
                            serde_json::to_value(&report).unwrap_or(serde_json::Value::Null);
                        // Selector warnings depend on the repository's files (`no_file`),
                        // which a receipt does not record; they never change a verdict.
                        let mut recorded = self.report.clone();
                        for v in [&mut recomputed, &mut recorded] {
                            if let Some(o) = v.as_object_mut() {
                                o.remove("selector_warnings");
                            }
                        }
                        if recomputed != recorded {
                            problems.push(format!(
                                "the recorded report differs from the one recomputed now (recorded: {}, now: {})",
                                self.report.get("status").and_then(|s| s.as_str()).unwrap_or("?"),
                                report.status_name()
                            ));
                        }
                    }
                }
            }
        }
        if let Some(root) = root {
            for f in &self.files {
                let on_disk = if f.symlink.is_some_and(|l| l.after) {
                    // A symlink's recorded content is its target; never followed.
                    let full = match f.path.rsplit_once('/') {
                        Some((dir, name)) => resolve(root, dir).ok().map(|d| d.join(name)),
                        None => Some(root.join(&f.path)),
                    };
                    full.filter(|p| p.is_symlink())
                        .and_then(|p| std::fs::read_link(p).ok())
                        .and_then(|t| t.to_str().map(sha256_hex))
                } else {
                    resolve(root, &f.path)
                        .ok()
                        .and_then(|p| std::fs::read_to_string(p).ok())
                        .map(|t| sha256_hex(&t))
                };
                if on_disk != f.after_sha256 && !f.binary {
                    let state = if on_disk == f.before_sha256 {
                        "is still in its before state"
                    } else {
                        "differs from the recorded after state"
                    };
                    problems.push(format!("{}: the file on disk {state}", f.path));
                }
            }
        }
        ReceiptCheck {
            holds: problems.is_empty(),
            allowed,
            problems,
        }
    }
}

impl Report {
    /// `allowed`, `rejected` or `unverifiable`.
    pub fn status_name(&self) -> &'static str {
        match self.status {
            crate::Status::Allowed => "allowed",
            crate::Status::Rejected => "rejected",
            crate::Status::Unverifiable => "unverifiable",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receipt_verifies_and_detects_tampering() {
        let contract = Contract::builder().body("a.py::f").build().unwrap();
        let changes = ChangeSet::from_memory([(
            "a.py",
            Some("def f():\n    return 1\n".to_string()),
            Some("def f():\n    return 2\n".to_string()),
        )])
        .unwrap();
        let report = check_changes(&contract, &changes).unwrap();
        let receipt = Receipt::new(&contract, &changes, &report);
        let back = Receipt::from_json(&receipt.to_json()).unwrap();
        let check = back.verify(None);
        assert!(check.holds && check.allowed, "{:?}", check.problems);

        let mut tampered = back.clone();
        tampered.files[0].after = Some("def g():\n    return 2\n".into());
        assert!(!tampered.verify(None).holds);

        let mut forged = back.clone();
        forged.files[0].after = Some("def g():\n    return 2\n".into());
        forged.files[0].after_sha256 = Some(sha256_hex("def g():\n    return 2\n"));
        let check = forged.verify(None);
        assert!(!check.holds, "a forged allowed report must not hold");
    }
}
