// go_defs: the definitions of Go files as Go's own parser (go/parser, go/ast) reads them,
// named by editscope's naming table (README "Qualified paths", Go rows), for
// scripts/oracle-replay. Usage: go run go_defs.go FILE... ; prints one JSON object per file
// on its own line: {"file", "error", "defs": [{"path", "kind", "start", "end", "parent"}]}
// with byte offsets [start, end) and parent the index of the enclosing definition (-1).
//
// The rules, as documented: a function `f`; a method `T.M` (the receiver's type without
// pointer, parentheses or type parameters); each name of a top-level type/const/var
// declaration (the whole declaration when it has one spec, else the spec), except a spec of
// several names and `_`; a `const ( ... )` group mentioning `iota` or with a spec without
// values is one symbol named by its first name; doc comments right above belong to the
// definition; the fields of a top-level struct type are `T.F` (embedded: the type's name),
// with their doc comment and a `;` after them on the line, a field line of several names
// being no symbol.
package main

import (
	"bufio"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
)

type def struct {
	Path   string `json:"path"`
	Kind   string `json:"kind"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Parent int    `json:"parent"`
}

type out struct {
	File  string `json:"file"`
	Error string `json:"error,omitempty"`
	Defs  []def  `json:"defs"`
}

func main() {
	enc := json.NewEncoder(os.Stdout)
	names := os.Args[1:]
	if len(names) == 0 {
		sc := bufio.NewScanner(os.Stdin)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			if sc.Text() != "" {
				names = append(names, sc.Text())
			}
		}
	}
	for _, name := range names {
		src, err := os.ReadFile(name)
		if err != nil {
			enc.Encode(out{File: name, Error: err.Error()})
			continue
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			enc.Encode(out{File: name, Error: err.Error(), Defs: []def{}})
			continue
		}
		enc.Encode(out{File: name, Defs: defs(fset, f, src)})
	}
}

func defs(fset *token.FileSet, f *ast.File, src []byte) []def {
	off := func(p token.Pos) int { return fset.Position(p).Offset }
	ds := []def{}
	add := func(path, kind string, start, end token.Pos, doc *ast.CommentGroup, parent int) int {
		s := start
		if doc != nil && doc.Pos() < s {
			s = doc.Pos()
		}
		ds = append(ds, def{Path: path, Kind: kind, Start: off(s), End: off(end), Parent: parent})
		return len(ds) - 1
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				add(d.Name.Name, "function", d.Pos(), d.End(), d.Doc, -1)
				continue
			}
			if len(d.Recv.List) != 1 {
				continue
			}
			t := d.Recv.List[0].Type
			for {
				switch x := t.(type) {
				case *ast.StarExpr:
					t = x.X
					continue
				case *ast.ParenExpr:
					t = x.X
					continue
				case *ast.IndexExpr:
					t = x.X
					continue
				case *ast.IndexListExpr:
					t = x.X
					continue
				}
				break
			}
			id, ok := t.(*ast.Ident)
			if !ok {
				continue
			}
			add(id.Name+"."+d.Name.Name, "method", d.Pos(), d.End(), d.Doc, -1)
		case *ast.GenDecl:
			if d.Tok == token.IMPORT {
				continue
			}
			single := len(d.Specs) == 1
			if d.Tok == token.CONST && len(d.Specs) > 0 && dependent(d) {
				first := d.Specs[0].(*ast.ValueSpec)
				add(first.Names[0].Name, "constant", d.Pos(), d.End(), d.Doc, -1)
				continue
			}
			for _, sp := range d.Specs {
				var start, end token.Pos
				var doc *ast.CommentGroup
				switch sp := sp.(type) {
				case *ast.TypeSpec:
					start, end, doc = sp.Pos(), sp.End(), sp.Doc
				case *ast.ValueSpec:
					start, end, doc = sp.Pos(), sp.End(), sp.Doc
				}
				if single {
					start, end, doc = d.Pos(), d.End(), d.Doc
				}
				switch sp := sp.(type) {
				case *ast.TypeSpec:
					if sp.Name.Name == "_" {
						continue
					}
					kind := "type_alias"
					switch sp.Type.(type) {
					case *ast.StructType:
						kind = "struct"
					case *ast.InterfaceType:
						kind = "interface"
					}
					i := add(sp.Name.Name, kind, start, end, doc, -1)
					if st, ok := sp.Type.(*ast.StructType); ok {
						fields(sp.Name.Name, st, i, src, off, &ds)
					}
				case *ast.ValueSpec:
					if len(sp.Names) != 1 || sp.Names[0].Name == "_" {
						continue
					}
					kind := "variable"
					if d.Tok == token.CONST {
						kind = "constant"
					}
					switch sp.Type.(type) {
					case *ast.StructType:
						kind = "struct"
					case *ast.InterfaceType:
						kind = "interface"
					}
					add(sp.Names[0].Name, kind, start, end, doc, -1)
				}
			}
		}
	}
	return ds
}

// dependent: a const group whose values depend on each other (a spec without values, or
// `iota` used).
func dependent(d *ast.GenDecl) bool {
	for _, sp := range d.Specs {
		vs := sp.(*ast.ValueSpec)
		if len(vs.Values) == 0 {
			return true
		}
		uses := false
		for _, v := range vs.Values {
			ast.Inspect(v, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && id.Name == "iota" {
					uses = true
				}
				return !uses
			})
		}
		if uses {
			return true
		}
	}
	return false
}

func fields(owner string, st *ast.StructType, parent int, src []byte, off func(token.Pos) int, ds *[]def) {
	for _, fl := range st.Fields.List {
		var name string
		switch len(fl.Names) {
		case 0:
			t := fl.Type
			for {
				switch x := t.(type) {
				case *ast.StarExpr:
					t = x.X
					continue
				case *ast.SelectorExpr:
					t = x.Sel
					continue
				case *ast.IndexExpr:
					t = x.X
					continue
				case *ast.IndexListExpr:
					t = x.X
					continue
				case *ast.ParenExpr:
					t = x.X
					continue
				}
				break
			}
			id, ok := t.(*ast.Ident)
			if !ok {
				continue
			}
			name = id.Name
		case 1:
			name = fl.Names[0].Name
		default:
			continue
		}
		if name == "_" {
			continue
		}
		s := off(fl.Pos())
		if fl.Doc != nil {
			s = off(fl.Doc.Pos())
		}
		e := off(fl.End())
		// A `;` after the field on its line is the field's.
		for j := e; j < len(src); j++ {
			if src[j] == ' ' || src[j] == '\t' {
				continue
			}
			if src[j] == ';' {
				e = j + 1
			}
			break
		}
		*ds = append(*ds, def{Path: owner + "." + name, Kind: "field", Start: s, End: e, Parent: parent})
	}
}
