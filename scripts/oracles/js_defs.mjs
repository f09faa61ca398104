// js_defs: the definitions of JavaScript files as acorn (with acorn-jsx) reads them, named
// by editscope's naming table (README "Qualified paths", JavaScript rows, and "Test
// blocks"), for scripts/oracle-replay. Usage: node js_defs.mjs FILE... (or the names on
// standard input); prints one JSON object per file and line: {"file", "error", "defs":
// [{"path", "kind", "start", "end", "parent"}]}, byte offsets [start, end) of the UTF-8 text.
// acorn and acorn-jsx are looked up under $ORACLE_CACHE/js (scripts/oracles/install).
//
// The rules, as documented: function and class declarations at any depth, nested in the
// definition around them (`outer.inner`); the methods and fields of a class that is a
// symbol (`Store.add`; getter and setter one path; a string key by its value, a computed key
// as written); `const`/`let`/`var` declarators named by an identifier where no function
// (nor test block) encloses them, the whole declaration when it has one declarator, else
// the declarator with the `,` or `;` after it; a declaration whose every declarator is
// `require("...")` is an import, no symbol; a top-level statement assigning (`=`) to a chain
// of plain names (`exports.f = ...`, `A.prototype.m = ...`) named by its left side, unless
// its value is another assignment; `export default ...` is `default` (a named function or
// class declaration keeps its name; a loop head declares no symbol); a test block (a
// statement calling describe/it/test/... with a literal title) is `"title"`, nested; JSDoc
// `/** */` directly above (no blank line) belongs to the definition, `export` too.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
import os from "node:os";

const cache = process.env.ORACLE_CACHE || path.join(os.homedir(), ".cache", "editscope-oracles");
const require = createRequire(path.join(cache, "js", "package.json"));
const acorn = require("acorn");
const jsx = require("acorn-jsx");
const Parser = acorn.Parser.extend(jsx());

const TEST_FUNCTIONS = new Set(["describe", "fdescribe", "xdescribe", "it", "fit", "xit", "test", "xtest", "suite", "context", "xcontext", "specify", "xspecify", "bench"]);
const TEST_MODIFIERS = new Set(["only", "skip", "todo", "concurrent", "sequential", "shuffle", "fails", "failing", "serial", "cb", "each", "for", "skipIf", "runIf"]);
const FUNCS = new Set(["ArrowFunctionExpression", "FunctionExpression"]);

function parse(src) {
  const comments = [];
  const opts = { ecmaVersion: "latest", allowHashBang: true, allowReturnOutsideFunction: true, allowImportExportEverywhere: true, allowAwaitOutsideFunction: true, onComment: comments };
  try {
    return { ast: Parser.parse(src, { ...opts, sourceType: "module" }), comments };
  } catch (e) {
    comments.length = 0;
    return { ast: Parser.parse(src, { ...opts, sourceType: "script" }), comments };
  }
}

function defsOf(src) {
  const { ast, comments } = parse(src);
  const defs = [];
  const isSpace = (s) => /^\s*$/.test(s);
  // Start with the JSDoc comments directly above.
  const withDoc = (start) => {
    let s = start;
    for (let i = comments.length - 1; i >= 0; i--) {
      const c = comments[i];
      if (c.end > s) continue;
      const gap = src.slice(c.end, s);
      if (!isSpace(gap)) break;
      if (c.type === "Block" && c.value.startsWith("*") && (gap.match(/\n/g) || []).length <= 1) {
        s = c.start;
        continue;
      }
      break;
    }
    return s;
  };
  const sepAfter = (end, chars) => {
    let t = end;
    while (t < src.length && /\s/.test(src[t])) t++;
    return t < src.length && chars.includes(src[t]) ? t + 1 : end;
  };
  const add = (name, kind, start, end, parent) => {
    const p = parent >= 0 ? defs[parent].path + "." + name : name;
    defs.push({ path: p, kind, start, end, parent });
    return defs.length - 1;
  };
  const keyName = (node) => {
    const k = node.key;
    if (node.computed) {
      const open = src.lastIndexOf("[", k.start);
      const close = src.indexOf("]", k.end);
      return src.slice(open, close + 1);
    }
    if (k.type === "Identifier") return k.name;
    if (k.type === "PrivateIdentifier") return "#" + k.name;
    if (k.type === "Literal" && typeof k.value === "string") return k.value;
    return src.slice(k.start, k.end);
  };
  const testTitle = (stmt) => {
    const call = stmt.expression;
    if (!call || call.type !== "CallExpression" || call.optional) return null;
    let callee = call.callee;
    if (callee.type === "CallExpression" && !callee.optional) callee = callee.callee;
    else if (callee.type === "TaggedTemplateExpression") callee = callee.tag;
    let props = [];
    while (callee.type === "MemberExpression" && !callee.computed && !callee.optional && callee.property.type === "Identifier") {
      props.push(callee.property.name);
      callee = callee.object;
    }
    if (callee.type !== "Identifier" || !TEST_FUNCTIONS.has(callee.name)) return null;
    if (!props.every((p) => TEST_MODIFIERS.has(p))) return null;
    const [title, ...rest] = call.arguments;
    if (!title) return null;
    let raw;
    if (title.type === "Literal" && typeof title.value === "string") raw = src.slice(title.start + 1, title.end - 1);
    else if (title.type === "TemplateLiteral" && title.expressions.length === 0) raw = src.slice(title.start + 1, title.end - 1);
    else return null;
    const quote = src[title.start];
    if (quote !== '"') {
      // A `"` inside is written `\"` (escapes stay as written).
      let out = "";
      for (let i = 0; i < raw.length; i++) {
        if (raw[i] === "\\") { out += raw[i] + (raw[i + 1] ?? ""); i++; continue; }
        out += raw[i] === '"' ? '\\"' : raw[i];
      }
      raw = out;
    }
    const fn = rest.find((a) => FUNCS.has(a.type));
    return { name: '"' + raw + '"', fn };
  };
  const classBody = (cls, parent) => {
    for (const m of cls.body.body) {
      if (m.type === "MethodDefinition") {
        const i = add(keyName(m), "method", withDoc(m.start), sepAfter(m.end, ";"), parent);
        walk(m.value.body, i, false);
      } else if (m.type === "PropertyDefinition") {
        const i = add(keyName(m), "field", withDoc(m.start), sepAfter(m.end, ";"), parent);
        if (m.value) walk(m.value, i, false);
      } else {
        walk(m, parent, false);
      }
    }
  };
  const isRequire = (d) => d.init && d.init.type === "CallExpression" && d.init.callee.type === "Identifier" && d.init.callee.name === "require" && d.init.arguments.length === 1 && d.init.arguments[0].type === "Literal" && typeof d.init.arguments[0].value === "string";
  // `outer`: the node whose extent a definition takes (`export ...` around it).
  const declaration = (node, parent, declOk, outer) => {
    const start = withDoc(outer.start);
    if (node.type === "FunctionDeclaration") {
      if (!node.id) return false;
      const i = add(node.id.name, "function", start, outer.end, parent);
      walk(node.body, i, false);
      return true;
    }
    if (node.type === "ClassDeclaration") {
      if (!node.id) return false;
      const i = add(node.id.name, "class", start, outer.end, parent);
      if (node.superClass) walk(node.superClass, parent, false);
      classBody(node, i);
      return true;
    }
    if (node.type === "VariableDeclaration") {
      if (!declOk) return false;
      if (node.declarations.every(isRequire)) return true;
      const single = node.declarations.length === 1;
      for (const d of node.declarations) {
        if (d.id.type !== "Identifier") {
          if (d.init) walk(d.init, parent, false);
          continue;
        }
        const init = d.init;
        const kind = init && FUNCS.has(init.type) ? "function" : init && init.type === "ClassExpression" ? "class" : node.kind === "const" ? "constant" : "variable";
        const s = single ? start : withDoc(d.start);
        const e = single ? sepAfter(outer.end, ";") : sepAfter(d.end, ",;");
        const i = add(d.id.name, kind, s, e, parent);
        if (!init) continue;
        if (init.type === "ClassExpression") classBody(init, i);
        else if (FUNCS.has(init.type)) walk(init.body, i, false);
        else walk(init, i, false);
      }
      return true;
    }
    return false;
  };
  // Walks `node` for definitions; `parent` the enclosing symbol; `declOk` whether a
  // declarator here is a symbol (no function or test block between it and the file, or a class).
  function walk(node, parent, declOk) {
    if (!node || typeof node.type !== "string") return;
    if (declaration(node, parent, declOk, node)) return;
    if (node.type === "ExportNamedDeclaration" && node.declaration) {
      if (declaration(node.declaration, parent, declOk, node)) return;
    }
    if (node.type === "ExportDefaultDeclaration") {
      const d = node.declaration;
      // `export default function template() {}`: a named declaration keeps its name.
      if ((d.type === "FunctionDeclaration" || d.type === "ClassDeclaration") && d.id) {
        if (declaration(d, parent, declOk, node)) return;
      }
      const kind = FUNCS.has(d.type) || d.type === "FunctionDeclaration" ? "function" : d.type === "ClassDeclaration" || d.type === "ClassExpression" ? "class" : "value";
      const i = add("default", kind, withDoc(node.start), node.end, parent);
      if (d.type === "ClassDeclaration" || d.type === "ClassExpression") classBody(d, i);
      else if (d.body) walk(d.body, i, false);
      else walk(d, i, false);
      return;
    }
    if (node.type === "ExpressionStatement") {
      const t = testTitle(node);
      if (t) {
        const i = add(t.name, "test", withDoc(node.start), node.end, parent);
        for (const a of node.expression.arguments) {
          if (a === t.fn) walk(a.body, i, false);
          else walk(a, i, false);
        }
        walk(node.expression.callee, i, false);
        return;
      }
      const e = node.expression;
      if (parent < 0 && node.topLevel && e.type === "AssignmentExpression" && e.operator === "=" && e.left.type === "MemberExpression") {
        const segs = [];
        let l = e.left;
        while (l.type === "MemberExpression" && !l.computed && !l.optional && l.property.type === "Identifier") {
          segs.unshift(l.property.name);
          l = l.object;
        }
        if (l.type === "Identifier" && segs.length >= 1 && e.right.type !== "AssignmentExpression") {
          segs.unshift(l.name);
          const r = e.right;
          const kind = FUNCS.has(r.type) ? "function" : r.type === "ClassExpression" ? "class" : "variable";
          const i = add(segs.join("."), kind, withDoc(node.start), node.end, parent);
          if (r.type === "ClassExpression") classBody(r, i);
          else if (FUNCS.has(r.type)) walk(r.body, i, false);
          else walk(r, i, false);
          return;
        }
      }
    }
    const fnLike = node.type === "FunctionExpression" || node.type === "ArrowFunctionExpression" || node.type === "FunctionDeclaration";
    if (node.type === "ClassExpression" || node.type === "ClassDeclaration") {
      // A class that is no symbol: its members are none either; what is inside them may be.
      if (node.superClass) walk(node.superClass, parent, false);
      for (const m of node.body.body) walk(m.value ?? m, parent, false);
      return;
    }
    // The head of a loop (`for (const model of models)`) declares a variable of the loop,
    // no symbol.
    const loop = node.type === "ForStatement" || node.type === "ForInStatement" || node.type === "ForOfStatement";
    for (const key of Object.keys(node)) {
      if (key === "type" || key === "start" || key === "end" || key === "loc") continue;
      const v = node[key];
      if (loop && (key === "init" || key === "left")) {
        walk(v, parent, false);
        continue;
      }
      if (Array.isArray(v)) {
        for (const c of v) if (c && typeof c.type === "string") walk(c, parent, declOk && !fnLike);
      } else if (v && typeof v.type === "string") {
        walk(v, parent, declOk && !fnLike);
      }
    }
  }
  for (const stmt of ast.body) {
    stmt.topLevel = true;
    walk(stmt, -1, true);
  }
  return defs;
}

function byteOffsets(s) {
  const at = new Int32Array(s.length + 1);
  let b = 0;
  for (let i = 0; i < s.length; i++) {
    at[i] = b;
    const c = s.charCodeAt(i);
    if (c < 0x80) b += 1;
    else if (c < 0x800) b += 2;
    else if (c >= 0xd800 && c < 0xdc00) { b += 4; at[++i] = b; }
    else b += 3;
  }
  at[s.length] = b;
  return at;
}

let names = process.argv.slice(2);
if (names.length === 0) names = readFileSync(0, "utf8").split("\n").filter(Boolean);
for (const file of names) {
  let out;
  try {
    const src = readFileSync(file, "utf8");
    const at = byteOffsets(src);
    out = { file, defs: defsOf(src).map((d) => ({ ...d, start: at[d.start], end: at[d.end] })) };
  } catch (e) {
    out = { file, error: String(e && e.message || e), defs: [] };
  }
  process.stdout.write(JSON.stringify(out) + "\n");
}
