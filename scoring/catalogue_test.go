package scoring

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// catalogueDirs are the packages whose code must name checks by their constants.
var catalogueDirs = []string{".", "../excelio", "../batch", ".."}

// parseDir parses the non-test Go files of dir.
func parseDir(t *testing.T, fset *token.FileSet, dir string) map[string]*ast.File {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]*ast.File{}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = f
	}
	if len(files) == 0 {
		t.Fatalf("no Go files in %s", dir)
	}
	return files
}

// TestNoCodeLiterals holds that outside the catalogue a check code is spelled by its constant.
func TestNoCodeLiterals(t *testing.T) {
	fset := token.NewFileSet()
	for _, dir := range catalogueDirs {
		for name, f := range parseDir(t, fset, dir) {
			if dir == "." && filepath.Base(name) == "checks_catalog.go" {
				continue
			}
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				if s, err := strconv.Unquote(lit.Value); err == nil {
					if _, known := CheckByCode(s); known {
						t.Errorf("%s: check code literal %s; use the constant %s", fset.Position(lit.Pos()), lit.Value, s)
					}
				}
				return true
			})
		}
	}
}

// docCodes matches the codes a check function's doc comment starts with: "F06, S03: readAmount …".
var docCodes = regexp.MustCompile(`^((?:[SFWITB]\d\d)(?:, [SFWITB]\d\d)*): `)

// TestCodesEmittedAtHome holds that each code is emitted from its group's file (or from the file
// emittedElsewhere names), and that each function emitting codes starts its doc comment with them.
func TestCodesEmittedAtHome(t *testing.T) {
	fset := token.NewFileSet()
	for name, f := range parseDir(t, fset, ".") {
		base := filepath.Base(name)
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			var emitted []string
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) == 0 {
					return true
				}
				if sel, ok := call.Fun.(*ast.SelectorExpr); !ok || sel.Sel.Name != "add" {
					return true
				}
				id, ok := call.Args[0].(*ast.Ident)
				if !ok {
					t.Errorf("%s: add's code is not a code constant", fset.Position(call.Pos()))
					return true
				}
				code := id.Name
				if _, known := CheckByCode(code); !known {
					t.Errorf("%s: add's code %s is not in the catalogue", fset.Position(call.Pos()), code)
					return true
				}
				if home := groupFile[code[0]]; base != home && emittedElsewhere[code].file != base {
					t.Errorf("%s: %s is emitted outside %s and emittedElsewhere does not list %s", fset.Position(call.Pos()), code, home, base)
				}
				if !slices.Contains(emitted, code) {
					emitted = append(emitted, code)
				}
				return true
			})
			if len(emitted) == 0 {
				continue
			}
			slices.Sort(emitted)
			var documented []string
			if fn.Doc != nil {
				if m := docCodes.FindStringSubmatch(fn.Doc.Text()); m != nil {
					documented = strings.Split(m[1], ", ")
					slices.Sort(documented)
				}
			}
			if !slices.Equal(documented, emitted) {
				t.Errorf("%s: %s emits %s, but its doc comment starts with %v", base, fn.Name.Name, strings.Join(emitted, ", "), documented)
			}
		}
	}
	for code, where := range emittedElsewhere {
		if where.file == "" || where.why == "" {
			t.Errorf("emittedElsewhere[%s] must say where and why", code)
		}
	}
}
