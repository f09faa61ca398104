//! Conversions between Python values and Rust: text, JSON values, code point offsets.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use pyo3::{Borrowed, IntoPyObjectExt};
use serde_json::Value;

use crate::errors::ParseError;

/// A Python `str` as an owned Rust string. A `str` that is not valid Unicode (a lone
/// surrogate) raises `editscope.ParseError`; anything else but a `str` raises `TypeError`.
pub(crate) struct Text(pub String);

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".into())
}

pub(crate) fn text_of(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    let s = obj
        .cast::<PyString>()
        .map_err(|_| PyTypeError::new_err(format!("expected str, got {}", type_name(obj))))?;
    match PyStringMethods::to_cow(s) {
        Ok(text) => Ok(text.into_owned()),
        Err(_) => Err(ParseError::new_err(
            "the text is not valid UTF-8: it contains a lone surrogate",
        )),
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Text {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        text_of(&obj).map(Text)
    }
}

/// Python's `repr()` of a string.
pub(crate) fn repr_str(py: Python<'_>, s: &str) -> String {
    PyString::new(py, s)
        .repr()
        .map(|r| r.to_string())
        .unwrap_or_else(|_| format!("{s:?}"))
}

/// `repr()` of an optional string (`None` when absent).
pub(crate) fn repr_opt(py: Python<'_>, s: Option<&str>) -> String {
    s.map_or_else(|| "None".into(), |s| repr_str(py, s))
}

/// A JSON value as plain Python objects (dict, list, str, int, float, bool, None).
pub(crate) fn json_to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_bound_py_any(py)?,
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_bound_py_any(py)?
            } else if let Some(u) = n.as_u64() {
                u.into_bound_py_any(py)?
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_bound_py_any(py)?
            }
        }
        Value::String(s) => s.into_bound_py_any(py)?,
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, json_to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// How deep a tool input may nest (a self-referencing dict would otherwise never end).
const MAX_DEPTH: usize = editscope::limits::MAX_DEPTH;

/// A Python value (a tool call's input) as JSON: dicts with `str` keys, lists, tuples, `str`,
/// `int`, `float`, `bool`, `None`.
pub(crate) fn py_to_json(obj: &Bound<'_, PyAny>, depth: usize) -> PyResult<Value> {
    if depth > MAX_DEPTH {
        return Err(PyValueError::new_err(format!(
            "the tool input nests more than {MAX_DEPTH} levels deep"
        )));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.cast::<PyInt>().is_ok() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::from(u));
        }
        let f: f64 = obj.extract()?;
        return Ok(serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Ok(serde_json::Number::from_f64(f.value()).map_or(Value::Null, Value::Number));
    }
    if obj.cast::<PyString>().is_ok() {
        return text_of(obj).map(Value::String);
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        let mut map = serde_json::Map::new();
        for (k, v) in dict.iter() {
            if k.cast::<PyString>().is_err() {
                return Err(PyTypeError::new_err(format!(
                    "tool input keys must be str, got {}",
                    type_name(&k)
                )));
            }
            map.insert(text_of(&k)?, py_to_json(&v, depth + 1)?);
        }
        return Ok(Value::Object(map));
    }
    if let Ok(list) = obj.cast::<PyList>() {
        let mut items = Vec::with_capacity(list.len());
        for item in list.iter() {
            items.push(py_to_json(&item, depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        let mut items = Vec::with_capacity(tuple.len());
        for item in tuple.iter() {
            items.push(py_to_json(&item, depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    Err(PyTypeError::new_err(format!(
        "a tool input holds JSON values (dict, list, str, int, float, bool, None), not {}",
        type_name(obj)
    )))
}

/// Converts UTF-8 byte offsets of one text to Python string indices (code points).
pub(crate) struct CodePoints {
    ascii: bool,
    bytes: Vec<usize>,
    chars: Vec<usize>,
}

impl CodePoints {
    /// Prepares the conversion of `offsets` (any order, duplicates allowed) in one pass over
    /// `text`.
    pub(crate) fn new(text: &str, mut offsets: Vec<usize>) -> CodePoints {
        if text.is_ascii() {
            return CodePoints {
                ascii: true,
                bytes: vec![],
                chars: vec![],
            };
        }
        offsets.sort_unstable();
        offsets.dedup();
        let mut chars = Vec::with_capacity(offsets.len());
        let mut next = offsets.iter().peekable();
        let mut count = 0usize;
        for (at, _) in text.char_indices() {
            while let Some(&&b) = next.peek() {
                if b > at {
                    break;
                }
                // An offset inside a character (never from the parser) counts as that
                // character's start.
                chars.push(if b == at {
                    count
                } else {
                    count.saturating_sub(1)
                });
                next.next();
            }
            count += 1;
        }
        for _ in next {
            chars.push(count);
        }
        CodePoints {
            ascii: false,
            bytes: offsets,
            chars,
        }
    }

    /// The code point index of a byte offset given to [`CodePoints::new`].
    pub(crate) fn get(&self, byte: usize) -> usize {
        if self.ascii {
            return byte;
        }
        match self.bytes.binary_search(&byte) {
            Ok(i) => self.chars.get(i).copied().unwrap_or(0),
            // Not prepared: the nearest offset below.
            Err(i) => i
                .checked_sub(1)
                .and_then(|j| self.chars.get(j).copied())
                .unwrap_or(0),
        }
    }
}
