package inventory

import (
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// This file turns go-yaml's errors into ones a sysadmin can act on: the line
// and column of the mistake itself (go-yaml often names the line where the
// enclosing block or flow list started), the key by its dotted path, and
// what a valid value looks like instead of Go's type names.

// typeErrRE matches one of go-yaml's type errors, e.g.
// "line 2: cannot unmarshal !!str `5 seconds` into time.Duration".
var typeErrRE = regexp.MustCompile("^line (\\d+): cannot unmarshal !!(\\w+)(?: `(.*)`)? into (\\S+)$")

// typeError rewrites one go-yaml type error, locating the value in the
// parsed document to name its key and column.
func typeError(file string, root *yaml.Node, msg string) *Error {
	m := typeErrRE.FindStringSubmatch(msg)
	if m == nil {
		return nil
	}
	line, _ := strconv.Atoi(m[1])
	tag, val, goType := m[2], m[3], m[4]
	e := &Error{File: file, Line: line}
	path, n := findValue(root, line, tag, val)
	if n != nil {
		e.Col = n.Column
	}
	key := strings.Join(path, "")
	if key == "" {
		key = "value"
	}
	got := fmt.Sprintf("%q", val)
	switch tag {
	case "map":
		got = "a mapping"
	case "seq":
		got = "a list"
	}
	e.Msg = fmt.Sprintf("%s: want %s, got %s", key, wantFor(goType), got)
	if strings.Contains(val, "${") {
		e.Msg += " (${VAR} is replaced after the value's type is read: this key takes no variables)"
	}
	return e
}

// wantFor describes, with an example, what a Go type accepts in YAML.
func wantFor(goType string) string {
	switch {
	case goType == "time.Duration":
		return "a duration like 5s, 1m30s or 250ms"
	case goType == "bool":
		return "true or false"
	case strings.HasPrefix(goType, "int") || strings.HasPrefix(goType, "uint"):
		return "a whole number like 22"
	case strings.HasPrefix(goType, "float"):
		return "a number like 1.5"
	case strings.HasPrefix(goType, "[]"):
		return "a list (one '- item' per line, or [a, b])"
	case strings.HasPrefix(goType, "map[") || strings.HasPrefix(goType, "inventory."):
		return "a mapping (key: value lines indented below the key)"
	case goType == "string":
		return "a single value (quote it if it holds ': ', '#', '{' or '[')"
	}
	return "a value of type " + goType
}

// findValue finds the node at line whose value is val (go-yaml shortens
// long values to their first 7 characters and "...") and returns its key
// path, e.g. ["hosts", "[0]", ".port"].
func findValue(root *yaml.Node, line int, tag, val string) ([]string, *yaml.Node) {
	match := func(n *yaml.Node) bool {
		switch {
		case n.Line != line:
			return false
		case tag == "map":
			return n.Kind == yaml.MappingNode
		case tag == "seq":
			return n.Kind == yaml.SequenceNode
		case n.Kind != yaml.ScalarNode:
			return false
		case strings.HasSuffix(val, "..."):
			return strings.HasPrefix(n.Value, strings.TrimSuffix(val, "..."))
		}
		return n.Value == val
	}
	var walk func(n *yaml.Node, path []string) ([]string, *yaml.Node)
	walk = func(n *yaml.Node, path []string) ([]string, *yaml.Node) {
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				if p, f := walk(c, path); f != nil {
					return p, f
				}
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				seg := k.Value
				if len(path) > 0 {
					seg = "." + seg
				}
				p := append(append([]string(nil), path...), seg)
				if match(v) {
					return p, v
				}
				if r, f := walk(v, p); f != nil {
					return r, f
				}
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				p := append(append([]string(nil), path...), fmt.Sprintf("[%d]", i))
				if match(c) {
					return p, c
				}
				if r, f := walk(c, p); f != nil {
					return r, f
				}
			}
		}
		return nil, nil
	}
	return walk(root, nil)
}

// lintSyntax looks for the two mistakes go-yaml reports at the wrong place:
// an unquoted ${VAR} inside a flow list or mapping ([a, ${X}] or
// {address: ${X}}: '{' opens a mapping there), and a line indented to no
// level of the block it is in. It is only asked after go-yaml failed, and
// returns nil when it finds neither.
func lintSyntax(file string, src []byte) *Error {
	lines := strings.Split(string(src), "\n")
	flow := 0 // open [ and { across lines
	type level struct{ indent, line int }
	stack := []level{{0, 0}}
	opens := false    // the previous significant line opens a block
	blockScalar := -1 // indent of the key owning a | or > block, -1 if none
	for i, ln := range lines {
		no := i + 1
		body := strings.TrimLeft(ln, " ")
		indent := len(ln) - len(body)
		if strings.TrimSpace(body) == "" || strings.HasPrefix(body, "#") {
			continue
		}
		if blockScalar >= 0 {
			if indent > blockScalar {
				continue
			}
			blockScalar = -1
		}
		if strings.HasPrefix(body, "\t") {
			return &Error{File: file, Line: no, Col: indent + 1, Msg: "a tab in the indentation: YAML indents with spaces only"}
		}
		if flow == 0 {
			top := stack[len(stack)-1]
			switch {
			case indent > top.indent && !opens:
				return &Error{File: file, Line: no, Col: indent + 1, Msg: fmt.Sprintf("indented %d spaces, deeper than line %d, which already has a value; align it with the key it belongs beside", indent, top.line)}
			case indent > top.indent:
				stack = append(stack, level{indent, no})
			default:
				before := stack
				for len(stack) > 1 && stack[len(stack)-1].indent > indent {
					stack = stack[:len(stack)-1]
				}
				if t := stack[len(stack)-1]; t.indent != indent {
					want := []string{}
					for _, l := range before {
						want = append(want, strconv.Itoa(l.indent))
					}
					return &Error{File: file, Line: no, Col: indent + 1, Msg: fmt.Sprintf("indented %d spaces, which matches no enclosing level (%s); check the lines above", indent, strings.Join(want, ", "))}
				}
			}
			// "- key: v" opens a mapping at the column after "- ".
			item := body
			col := indent
			for strings.HasPrefix(item, "- ") || item == "-" {
				rest := strings.TrimLeft(strings.TrimPrefix(item, "-"), " ")
				col += len(item) - len(rest)
				item = rest
				if item != "" {
					stack = append(stack, level{col, no})
				}
			}
		}
		opens = false
		inS, inD, esc := false, false, false
		var last rune
		for j, r := range body {
			switch {
			case inS:
				if r == '\'' {
					inS = false
				}
			case inD:
				switch {
				case esc:
					esc = false
				case r == '\\':
					esc = true
				case r == '"':
					inD = false
				}
			case r == '#' && (j == 0 || last == ' '):
				body = strings.TrimRight(body[:j], " ")
				goto done
			case r == '\'' && (last == 0 || strings.ContainsRune(" [{,:", last)):
				inS = true
			case r == '"' && (last == 0 || strings.ContainsRune(" [{,:", last)):
				inD = true
			case r == '[' || r == '{':
				if r == '{' && last == '$' && flow > 0 {
					return &Error{File: file, Line: no, Col: indent + j, Msg: "an unquoted ${...} inside [ ] or { }: quote the value, e.g. \"${VAR}\""}
				}
				if r == '{' && last == '$' {
					break
				}
				flow++
			case r == ']' || r == '}':
				if flow > 0 {
					flow--
				}
			}
			last = r
		}
	done:
		if flow == 0 {
			t := strings.TrimRight(body, " ")
			opens = strings.HasSuffix(t, ":") || t == "-" || strings.HasSuffix(t, " -")
			if strings.HasSuffix(t, "|") || strings.HasSuffix(t, ">") || strings.HasSuffix(t, "|-") || strings.HasSuffix(t, ">-") {
				blockScalar = indent
			}
		}
	}
	return nil
}

// unknownKey rewrites go-yaml's "field X not found in type inventory.T"
// into the section's name, the key's column and the nearest known key.
func unknownKey(file string, root *yaml.Node, line int, key, typ string) *Error {
	e := &Error{File: file, Line: line, Msg: fmt.Sprintf("unknown key %q in %s section", key, sectionName(typ))}
	if _, n := findKey(root, line, key); n != nil {
		e.Col = n.Column
	}
	if s := Nearest(key, yamlKeys(typ)); s != "" {
		e.Msg += fmt.Sprintf(" (did you mean %q?)", s)
	} else if keys := yamlKeys(typ); len(keys) > 0 && len(keys) <= 12 {
		e.Msg += " (known keys: " + strings.Join(keys, ", ") + ")"
	}
	return e
}

func findKey(root *yaml.Node, line int, key string) ([]string, *yaml.Node) {
	var found *yaml.Node
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if found != nil {
			return
		}
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if k := n.Content[i]; k.Line == line && k.Value == key {
					found = k
					return
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	if root != nil {
		walk(root)
	}
	return nil, found
}

// yamlKeys lists the yaml keys of the inventory struct type named typ
// ("App", "Config", ...), found by walking Config's fields.
func yamlKeys(typ string) []string {
	var keys []string
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || seen[t] {
			return
		}
		seen[t] = true
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := strings.Split(f.Tag.Get("yaml"), ",")[0]
			if tag == "-" || !f.IsExported() {
				continue
			}
			if t.Name() == typ && tag != "" {
				keys = append(keys, tag)
			}
			walk(f.Type)
		}
	}
	walk(reflect.TypeOf(Config{}))
	return keys
}

// Nearest returns the candidate closest to s by edit distance when it is
// close enough to be a likely typo (at most 2 edits, and one per three
// characters of s), or "".
func Nearest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		d := editDistance(strings.ToLower(s), strings.ToLower(c))
		if d < bestD && d*3 <= len(s) && c != s {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and adjacent transpositions ("nmae" → "name")
// count one each.
func editDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
