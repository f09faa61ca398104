use super::*;

fn keys(language: Language, text: &str) -> Vec<String> {
    let file = SourceFile::parse(language, text).unwrap();
    bindings(&file).iter().map(|b| b.key.clone()).collect()
}

#[test]
fn python_binding_forms() {
    let text = "\
import a.b, c as d
from m import e, f as g
from n import *
h = i = 1
(j := 2)
k += 1
for l, (m1, *m2) in x: pass
with o() as p: pass
try: pass
except E as q: pass
del r
class C:
    s = t = 1
    def __u(self): pass
    _C__v = 1
def fn(w=(w2 := 1)):
    global x1
    x1 = 1
    local = 1
    [y1 := z for z in w]
    lambda: (z1 := 1)
    def inner():
        nonlocal local
        local = 2
match v:
    case [cap, *rest] if cap: pass
    case {'k': kv, **kw}: pass
    case P(x=kwcap) as whole: pass
    case Color.RED: pass
type Alias = int
C.attr = 1
setattr(C, 'sa', 1)
globals()['gl'] = 1
";
    let got = keys(Language::Python, text);
    for want in [
        "a", "d", "e", "g", "*", "h", "i", "j", "k", "l", "m1", "m2", "p", "q", "r", "C", "C.s",
        "C.t", "C._C__u", "C._C__v", "fn", "w2", "x1", "fn.local", "fn.y1", "fn.inner", "cap",
        "rest", "kv", "kw", "kwcap", "whole", "Alias", "C.attr", "C.sa", "gl",
    ] {
        assert!(got.iter().any(|k| k == want), "missing {want} in {got:?}");
    }
    for not in ["z", "z1", "Color", "RED", "P", "fn.z", "inner.local"] {
        assert!(!got.iter().any(|k| k == not), "unexpected {not} in {got:?}");
    }
}

#[test]
fn python_receiver_and_wrapped_forms() {
    let text = "\
class C:
    def f(self):
        type(self).a = 1
        self.__class__.b = 1
        (self).c = 1
        setattr((self), 'd', 1)
        super().__setattr__('e', 1)
        vars(self)['g'] = 1
        self.__dict__.update(h=1)
        def inner():
            self.i = 1
        C.__j = 1
        self.k.__func__.__code__ = 1
    @classmethod
    def m(cls):
        cls.l = 1
(C).n = 1
builtins.setattr(C, 'o', 1)
locals().update(p=1)
globals().__ior__({})
";
    let file = SourceFile::parse(Language::Python, text).unwrap();
    let got: Vec<(String, Only)> = bindings(&file)
        .iter()
        .map(|b| (b.key.clone(), b.only))
        .collect();
    let has = |k: &str, o: Only| got.iter().any(|(gk, go)| gk == k && *go == o);
    for (k, o) in [
        ("C.a", Only::Any),
        ("C.b", Only::Any),
        ("C.c", Only::Shadowable),
        ("C.d", Only::Shadowable),
        ("C.e", Only::Shadowable),
        ("C.g", Only::Shadowable),
        ("C.h", Only::Shadowable),
        ("C.i", Only::Shadowable),
        ("C._C__j", Only::Any),
        ("C.k.__func__.__code__", Only::Any),
        ("C.l", Only::Any),
        ("C.n", Only::Any),
        ("C.o", Only::Any),
        ("p", Only::Any),
        ("*", Only::Any),
    ] {
        assert!(has(k, o), "missing {k} {o:?} in {got:?}");
    }
}

#[test]
fn ecmascript_binding_forms() {
    let text = "\
import d, { x as y, z } from 'm';
import * as ns from 'n';
import q = require('q');
let [a, { b, c: e }] = f;
var g = (h = 1);
helper++;
function fn(p) {
  p = 1;
  let local = 1;
  local = 2;
  outer = 3;
  X.prototype.m = 1;
  X.s = 2;
  delete X.prototype.n;
  Object.assign(X.prototype, { o, t() {}, 'u': 1 });
  Object.defineProperty(X.prototype, 'k', {});
  X.prototype = {};
}
class K { [dyn]() {} [Symbol.iterator]() {} ['lit']() {} }
namespace A.B { export const v = 1; }
";
    let got = keys(Language::TypeScript, text);
    for want in [
        "d", "y", "z", "ns", "q", "a", "b", "e", "g", "h", "helper", "fn", "outer", "X.m", "X.s",
        "X.n", "X.o", "X.t", "X.u", "X.k", "X.*", "K", "K.*", "A.B", "A.B.v",
    ] {
        assert!(got.iter().any(|k| k == want), "missing {want} in {got:?}");
    }
    for not in ["p", "local", "x", "f"] {
        assert!(!got.iter().any(|k| k == not), "unexpected {not} in {got:?}");
    }
    assert_eq!(got.iter().filter(|k| *k == "K.*").count(), 1, "{got:?}");
}

#[test]
fn ecmascript_this_and_wrapped_forms() {
    let text = "\
namespace NS {
  export class C {
    a = (this.fa = 1);
    static b = (this.prototype.fb = 1);
    c = () => { this.fc = 1; };
    static s() { this.fs = 1; }
    static { this.fk = 1; }
    m() {
      Object.assign(this, { fm: 1 });
      (this as any).fw = 1;
      this.fx = this.fx.bind(this, 1);
    }
  }
  C.prototype.fn1 = 1;
}
(C.prototype as any).p1 = 1;
C.prototype!.p2 = 1;
C['prototype']['p3'] = 1;
(<any>C).p4 = 1;
C.prototype[k] = 1;
C.prototype[`p5`] = 1;
(h satisfies any) = 1;
";
    let file = SourceFile::parse(Language::TypeScript, text).unwrap();
    let got: Vec<(String, Only)> = bindings(&file)
        .iter()
        .map(|b| (b.key.clone(), b.only))
        .collect();
    let has = |k: &str, o: Only| got.iter().any(|(gk, go)| gk == k && *go == o);
    for (k, o) in [
        ("NS.C.fa", Only::Shadowable),
        ("NS.C.fb", Only::Any),
        ("NS.C.fc", Only::Shadowable),
        ("NS.C.fs", Only::Any),
        ("NS.C.fk", Only::Any),
        ("NS.C.fm", Only::Shadowable),
        ("NS.C.fw", Only::Shadowable),
        ("NS.C.fx", Only::Shadowable),
        ("NS.C.fn1", Only::Any),
        ("C.fn1", Only::Any),
        ("C.p1", Only::Any),
        ("C.p2", Only::Any),
        ("C.p3", Only::Any),
        ("C.p4", Only::Any),
        ("C.*", Only::Any),
        ("C.p5", Only::Any),
        ("h", Only::Any),
    ] {
        assert!(has(k, o), "missing {k} {o:?} in {got:?}");
    }
}

#[test]
fn rust_static_places() {
    let text = "\
static mut A: u8 = 0;
mod m {
    mod n {
        fn f() {
            unsafe {
                A = 1;
                (B) = 1;
                *&raw mut C = 1;
                D.x = 1;
                super::E = 1;
                crate::F = 1;
                self::G = 1;
            }
        }
    }
}
";
    let got = keys(Language::Rust, text);
    for want in [
        "m::n::A", "m::A", "A", "m::n::B", "B", "C", "D", "m::E", "F", "m::n::G",
    ] {
        assert!(got.iter().any(|k| k == want), "missing {want} in {got:?}");
    }
}

#[test]
fn rust_binding_forms() {
    let text = "\
use a::b;
use c::{d, e as f, g::{self, h}};
use w::*;
extern crate x as y;
mod m { use n::o as p; }
fn run() { use local::q; let mut r = 0; r = 1; }
";
    let got = keys(Language::Rust, text);
    for want in ["b", "d", "f", "g", "h", "y", "m::p", "r", "*"] {
        assert!(got.iter().any(|k| k == want), "missing {want} in {got:?}");
    }
    for not in ["q", "w", "self"] {
        assert!(!got.iter().any(|k| k == not), "unexpected {not} in {got:?}");
    }
    // The glob binds only what the module does not bind itself: no symbol.
    let file = SourceFile::parse(Language::Rust, text).unwrap();
    let glob = bindings(&file).iter().find(|b| b.key == "*").unwrap();
    assert_eq!(glob.only, Only::Unbound);
}

/// Forms an attacker found missing (attack 10): comprehension attribute targets, a starred
/// first target, the builtins module's `setattr` reached by a call, `operator.setitem` on a
/// namespace, a function's `__globals__`, and binders passed as values (`**`: everything).
#[test]
fn python_attribute_comprehension_starred_and_value_binders() {
    let cases: &[(&str, &[&str])] = &[
        ("_ = [S for S.delete in x]\n", &["_", "S.delete"]),
        ("_ = {None for S.delete in x}\n", &["_", "S.delete"]),
        ("_ = [y for y in x]\n", &["_"]),
        ("*S.delete, = [None]\n", &["S.delete"]),
        (
            "__import__('builtins').setattr(S, 'delete', None)\n",
            &["S.delete"],
        ),
        ("operator.setitem(globals(), 'S', None)\n", &["S"]),
        ("f.__globals__.update(S=None)\n", &["S"]),
        ("f.__globals__['S'] = None\n", &["S"]),
        ("list(map(setattr, [S], ['d'], [None]))\n", &["**"]),
        ("functools.partial(setattr, S, 'd')(None)\n", &["**"]),
        ("g = builtins.delattr\n", &["g", "**"]),
        ("m = self.__setattr__\n", &["m", "**"]),
        ("s = operator.setitem\n", &["s", "**"]),
        // Called where written, defined, a keyword: no `**`.
        ("setattr(S, 'd', 1)\n", &["S.d"]),
        ("def setattr(a, b, c): pass\n", &["setattr"]),
        ("f(setattr=1)\n", &[]),
        ("x = d.setitem\n", &["x"]),
    ];
    for (text, want) in cases {
        let mut got = keys(Language::Python, text);
        got.sort();
        let mut want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(got, want, "{text}");
    }
}

/// Forms an attacker found missing (attack 11): `__defineGetter__`, `Object.assign.call` /
/// `.apply`, `(0, S)`, computed keys on an owner, `new S().__proto__`, and CommonJS
/// top-level `this` (`module.exports`).
#[test]
fn javascript_indirect_owners_and_binder_calls() {
    let cases: &[(&str, &str)] = &[
        ("S.prototype.__defineGetter__('delete', f);\n", "S.delete"),
        (
            "Object.assign.call(null, S.prototype, { delete: f });\n",
            "S.delete",
        ),
        (
            "Object.assign.apply(null, [S.prototype, { delete: f }]);\n",
            "S.delete",
        ),
        ("Object.assign.apply(null, args);\n", "**"),
        ("(0, S).prototype.delete = f;\n", "S.delete"),
        ("S['proto' + 'type'].delete = f;\n", "S.delete"),
        ("new S().__proto__.delete = f;\n", "S.delete"),
        ("this.report = f;\n", "module.exports.report"),
        ("(() => { this.report = f; })();\n", "module.exports.report"),
        (
            "Object.assign(this, { report: f });\n",
            "module.exports.report",
        ),
        (
            "module['exp' + 'orts'].report = f;\n",
            "module.exports.report",
        ),
    ];
    for (text, want) in cases {
        let got = keys(Language::JavaScript, text);
        assert!(got.iter().any(|k| k == want), "{text}: {got:?}");
    }
    // `this` in a function declaration is its instance, not `module.exports`.
    let got = keys(Language::JavaScript, "function F() { this.report = f; }\n");
    assert!(
        !got.iter().any(|k| k.starts_with("module.exports")),
        "{got:?}"
    );
}

/// Every way of reaching an imported module through another name binds the module's
/// attribute (`hmac.compare_digest`); an object that cannot be named binds `**`; local
/// objects, call results and reads bind nothing of the module.
#[test]
fn python_names_stand_for_what_they_are_bound_to() {
    let head = "import hmac\nimport sys\nimport importlib\n\ndef setup():\n    ";
    let table: &[(&str, &str)] = &[
        ("m = hmac\n    m.compare_digest = 0", "hmac.compare_digest"),
        (
            "a = m = hmac\n    m.compare_digest = 0",
            "hmac.compare_digest",
        ),
        (
            "a, m = 1, hmac\n    m.compare_digest = 0",
            "hmac.compare_digest",
        ),
        (
            "x, *m = 1, hmac\n    m.compare_digest = 0",
            "hmac.compare_digest",
        ),
        ("(m := hmac).compare_digest = 0", "hmac.compare_digest"),
        (
            "for m in (hmac,):\n        m.compare_digest = 0",
            "hmac.compare_digest",
        ),
        (
            "for _, m in [(1, hmac)]:\n        m.compare_digest = 0",
            "hmac.compare_digest",
        ),
        (
            "def f(m=hmac):\n        m.compare_digest = 0",
            "hmac.compare_digest",
        ),
        (
            "def f(m):\n        m.compare_digest = 0\n    f(hmac)",
            "hmac.compare_digest",
        ),
        (
            "def f(*, m):\n        m.compare_digest = 0\n    f(m=hmac)",
            "hmac.compare_digest",
        ),
        (
            "def f(*ms):\n        ms[0].compare_digest = 0\n    f(1, hmac)",
            "hmac.compare_digest",
        ),
        (
            "(lambda m: setattr(m, 'compare_digest', 0))(hmac)",
            "hmac.compare_digest",
        ),
        (
            "(lambda m=hmac: setattr(m, 'compare_digest', 0))()",
            "hmac.compare_digest",
        ),
        (
            "list(map(lambda m: setattr(m, 'compare_digest', 0), [hmac]))",
            "hmac.compare_digest",
        ),
        (
            "[setattr(m, 'compare_digest', 0) for m in [hmac]]",
            "hmac.compare_digest",
        ),
        (
            "with nullcontext(hmac) as m:\n        m.compare_digest = 0",
            "hmac.compare_digest",
        ),
        ("{'h': hmac}['h'].compare_digest = 0", "hmac.compare_digest"),
        (
            "(hmac if x else os).compare_digest = 0",
            "hmac.compare_digest",
        ),
        ("(x or hmac).compare_digest = 0", "hmac.compare_digest"),
        (
            "getattr(hmac, 'new').__defaults__ = ()",
            "hmac.new.__defaults__",
        ),
        ("getattr(hmac, name).__code__ = c", "hmac.*.__code__"),
        (
            "globals()['hmac'].compare_digest = 0",
            "hmac.compare_digest",
        ),
        (
            "globals().get('hmac').compare_digest = 0",
            "hmac.compare_digest",
        ),
        (
            "g = globals()\n    g['hmac'].compare_digest = 0",
            "hmac.compare_digest",
        ),
        ("g = globals()\n    g.update(hmac=0)", "hmac"),
        (
            "ns = vars(hmac)\n    ns['compare_digest'] = 0",
            "hmac.compare_digest",
        ),
        (
            "hmac.new.__globals__['compare_digest'] = 0",
            "hmac.compare_digest",
        ),
        (
            "setup.__globals__['hmac'].compare_digest = 0",
            "hmac.compare_digest",
        ),
        (
            "sys.modules['hmac'].compare_digest = 0",
            "sys.modules.compare_digest",
        ),
        ("getattr(sys, 'modules')[k].x = 0", "sys.modules.x"),
        (
            "__import__('hmac').compare_digest = 0",
            "hmac.compare_digest",
        ),
        (
            "importlib.import_module('hmac').compare_digest = 0",
            "hmac.compare_digest",
        ),
        ("globals()[k].compare_digest = 0", "**"),
        ("vars()[k].compare_digest = 0", "**"),
        ("for v in globals().values():\n        v.x = 0", "**"),
        ("for k, v in globals().items():\n        v.x = 0", "**"),
        ("__import__(name).x = 0", "**"),
        ("importlib.import_module(name).x = 0", "**"),
        (
            "global M\n    M = hmac\n    M.compare_digest = 0",
            "hmac.compare_digest",
        ),
    ];
    for (body, want) in table {
        let text = format!("{head}{body}\n");
        let got = keys(Language::Python, &text);
        assert!(
            got.iter().any(|k| k == want),
            "{body}: {want} not in {got:?}"
        );
    }
    // Local objects, reads, call results and `self` bind nothing of the module.
    let clean: &[&str] = &[
        "m = hmac\n    return m.compare_digest(a, b)",
        "hmac = make()\n    hmac.compare_digest = 0",
        "o = make(hmac)\n    o.compare_digest = 0",
        "for m in make():\n        m.compare_digest = 0",
        "try:\n        pass\n    except hmac.Error as e:\n        e.compare_digest = 0",
        "def f(m):\n        m.compare_digest = 0\n    f(other)",
    ];
    for body in clean {
        let text = format!("{head}{body}\n");
        let got = keys(Language::Python, &text);
        assert!(
            !got.iter().any(|k| k.starts_with("hmac.") || k == "**"),
            "{body}: {got:?}"
        );
    }
}

/// A method named like a collection read on a module is a call of that module's function,
/// no item of it (`requests.get(url)` is a response, not `requests`).
#[test]
fn python_module_functions_named_like_reads_are_calls() {
    let text = "import requests\n\ndef f(url):\n    r = requests.get(url)\n    r.encoding = None\n    s = requests.Session()\n    t = s.get(url)\n    t.encoding = None\n";
    let got = keys(Language::Python, text);
    assert!(!got.iter().any(|k| k.starts_with("requests.")), "{got:?}");
}
