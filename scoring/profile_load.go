package scoring

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/jxzp/jxzp/internal/tomlx"
)

// The built-in profiles are plain TOML files, embedded as written, so that `jxzp profile show`
// prints exactly the file a bureau copies and edits (comments included).
//
//go:embed profiles/*.toml
var builtinFS embed.FS

// defaultProfile is the national profile every other profile file is read over.
const defaultProfile = "mof2020"

// maxProfileBytes bounds a profile file: a real one is a few kilobytes, and a mistyped path
// pointing at a workbook should fail fast instead of being read whole.
const maxProfileBytes = 1 << 20

// ProfileError says what is wrong in a profile file and where: the file, the line and the key.
type ProfileError struct {
	File string // the file as the user named it; empty for a profile built in code
	Line int    // 1-based; 0 when the key is not written in the file (an inherited value)
	Key  string // dotted key such as "execution.bands[2].min" (array elements count from 1)
	Err  error
}

// Error renders the problem in Chinese, as a bureau reads it: "规则文件 x.toml 第 3 行 execution.mode：…".
func (e *ProfileError) Error() string {
	if fe, ok := e.Err.(*fileError); ok {
		// "找不到规则文件 x.toml" names the file itself; a "规则文件 x.toml：" prefix would repeat it.
		return fe.msg
	}
	var b strings.Builder
	if e.File != "" {
		b.WriteString("规则文件 ")
		b.WriteString(e.File)
	} else {
		b.WriteString("评分规则")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, " 第 %d 行", e.Line)
	}
	if e.Key != "" {
		b.WriteString(" ")
		b.WriteString(e.Key)
	}
	b.WriteString("：")
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap gives errors.Is and errors.As the cause, such as a toml.ParseError.
func (e *ProfileError) Unwrap() error { return e.Err }

// DefaultProfileName returns the name of the profile used when none is asked for.
func DefaultProfileName() string { return defaultProfile }

// ProfileNames returns the names of the built-in profiles, the default first, the rest sorted.
func ProfileNames() []string {
	entries, err := fs.ReadDir(builtinFS, "profiles")
	if err != nil {
		// The directory is embedded at build time; it cannot be missing at run time.
		panic(err)
	}
	var names []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".toml"); ok && n != defaultProfile {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return append([]string{defaultProfile}, names...)
}

// BuiltinProfileTOML returns the embedded file of a built-in profile byte for byte.
func BuiltinProfileTOML(name string) ([]byte, error) {
	// path.Base keeps a name such as "../x" from reaching outside the profiles directory.
	if name == "" || path.Base(name) != name {
		return nil, unknownProfile(name)
	}
	data, err := builtinFS.ReadFile("profiles/" + name + ".toml")
	if err != nil {
		return nil, unknownProfile(name)
	}
	return data, nil
}

func unknownProfile(name string) error {
	return &ProfileError{Err: fmt.Errorf("没有名为 %q 的内置规则（内置规则：%s）", name, strings.Join(ProfileNames(), "、"))}
}

// BuiltinProfile returns a fresh copy of a built-in profile, which the caller may change freely.
func BuiltinProfile(name string) (*Profile, error) {
	data, err := BuiltinProfileTOML(name)
	if err != nil {
		return nil, err
	}
	if name == defaultProfile {
		base, err := defaultBase()
		if err != nil {
			return nil, err
		}
		return base.clone(), nil
	}
	return ParseProfile(data, name+".toml")
}

var (
	baseOnce    sync.Once
	baseProfile *Profile
	baseErr     error
)

// defaultBase parses mof2020 once; it must be complete, since it is read over an empty profile.
func defaultBase() (*Profile, error) {
	baseOnce.Do(func() {
		data, err := builtinFS.ReadFile("profiles/" + defaultProfile + ".toml")
		if err != nil {
			baseErr = err
			return
		}
		baseProfile, baseErr = parseOver(&Profile{}, data, defaultProfile+".toml")
	})
	return baseProfile, baseErr
}

// LoadProfile returns the built-in profile of that name, or else reads the profile file at that path.
func LoadProfile(nameOrPath string) (*Profile, error) {
	if _, err := BuiltinProfileTOML(nameOrPath); err == nil {
		return BuiltinProfile(nameOrPath)
	}
	f, err := os.Open(nameOrPath)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && !strings.ContainsAny(nameOrPath, `/\`) &&
			!strings.HasSuffix(strings.ToLower(nameOrPath), ".toml") {
			// A bare word is more likely a mistyped built-in name than a missing file.
			return nil, &ProfileError{File: nameOrPath, Err: fmt.Errorf("既不是内置规则（%s），也找不到这个文件",
				strings.Join(ProfileNames(), "、"))}
		}
		return nil, &ProfileError{File: nameOrPath, Err: openError(nameOrPath, err)}
	}
	defer f.Close()
	// A folder opens like a file on every system and fails only when read, with a message that
	// tells a bureau nothing; so ask first.
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, &ProfileError{File: nameOrPath, Err: &fileError{msg: "无法读取规则文件 " + nameOrPath + "（这是文件夹，不是文件）"}}
	}
	data, err := io.ReadAll(io.LimitReader(f, maxProfileBytes+1))
	if err != nil {
		return nil, &ProfileError{File: nameOrPath, Err: openError(nameOrPath, err)}
	}
	if len(data) > maxProfileBytes {
		return nil, &ProfileError{File: nameOrPath, Err: fmt.Errorf("文件超过 %d 字节，不像是规则文件", maxProfileBytes)}
	}
	return ParseProfile(data, nameOrPath)
}

// ParseProfile reads a profile file; filename only names the file in errors and gives the default name.
//
// A file need not be complete: it is read over a copy of mof2020, so every key it omits keeps
// mof2020's value, and a bureau writes only what its rules change. Three exceptions, because they
// are not rules but identity or one set of numbers: name defaults to the file's base name,
// description to empty, and a table given under [weights] (one level-1 split) or an array
// (execution.bands, grades) replaces the inherited one whole; [severity] merges code by code.
func ParseProfile(data []byte, filename string) (*Profile, error) {
	base, err := defaultBase()
	if err != nil {
		return nil, err
	}
	p := base.clone()
	p.Name = strings.TrimSuffix(filepath.Base(filename), filepath.Ext(filename))
	p.Description = ""
	return parseOver(p, data, filename)
}

// parseOver decodes data over p, then validates the result; every error names key and line.
func parseOver(p *Profile, data []byte, filename string) (*Profile, error) {
	if !utf8.Valid(data) {
		// Notepad and WPS on a Chinese Windows save GBK by default; say so rather than quote a byte.
		line := 1 + strings.Count(string(data[:firstInvalidUTF8(data)]), "\n")
		return nil, &ProfileError{File: filename, Line: line, Err: errors.New("不是 UTF-8 编码，请另存为 UTF-8 后再用")}
	}
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, syntaxParseError(pe, filename)
		}
		return nil, &ProfileError{File: filename, Err: err}
	}
	// [severity] merges code by code into the inherited severities; every other table replaces.
	d := tomlx.NewDecoder(string(data), "severity")
	var errs []*ProfileError
	for _, e := range d.Decode(p, raw) {
		errs = append(errs, &ProfileError{Key: e.Key, Line: e.Line, Err: e.Err})
	}
	if len(errs) == 0 {
		errs = p.validate()
	}
	for _, e := range errs {
		e.File = filename
		if e.Line == 0 {
			e.Line = d.Line(e.Key)
		}
	}
	sort.SliceStable(errs, func(i, j int) bool { return tomlx.LineOrder(errs[i].Line) < tomlx.LineOrder(errs[j].Line) })
	if err := joinProfileErrors(errs); err != nil {
		return nil, err
	}
	return p, nil
}

// firstInvalidUTF8 is the byte offset of the first byte that is not UTF-8, for its line.
func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// joinProfileErrors returns nil, the single *ProfileError itself (so a type assertion works), or
// all of them joined, one a line, so a bureau fixes a file in one pass.
func joinProfileErrors(errs []*ProfileError) error {
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	all := make([]error, len(errs))
	for i, e := range errs {
		all[i] = e
	}
	return errors.Join(all...)
}

// fileError is a profile file that cannot be opened or read, told in Chinese with the file's
// name; it unwraps to the os error, so errors.Is(err, fs.ErrNotExist) still works.
type fileError struct {
	msg string
	err error
}

func (e *fileError) Error() string { return e.msg }
func (e *fileError) Unwrap() error { return e.err }

// openError words a failure to open or read the profile file at path. The os error's own text
// ("open x.toml: no such file or directory") is English and repeats the path, so it is shown
// only when the cause is not one of the usual ones.
func openError(path string, err error) *fileError {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &fileError{"找不到规则文件 " + path, err}
	case errors.Is(err, fs.ErrPermission):
		return &fileError{"无法读取规则文件 " + path + "（没有权限）", err}
	}
	cause := err
	var pe *fs.PathError
	if errors.As(err, &pe) {
		cause = pe.Err
	}
	return &fileError{"无法读取规则文件 " + path + "（" + cause.Error() + "）", err}
}

// syntaxParseError turns a TOML syntax error into a ProfileError at its line. The parser's
// LastKey is not given as the key: it is the key or table being read when the parser gave up,
// often not the one at fault (a header missing its "]" is blamed on the line after it).
func syntaxParseError(pe toml.ParseError, filename string) *ProfileError {
	line := pe.Position.Line
	// The lexer reports a table header missing its "]" at the newline ending it, which it has
	// already counted; the slip is on the header's own line.
	if strings.Contains(pe.Message, `to end table name, but got '\n'`) && line > 1 {
		line--
	}
	return &ProfileError{File: filename, Line: line, Err: syntaxError{pe}}
}

// syntaxError is a TOML syntax error told in Chinese; it unwraps to the toml.ParseError.
type syntaxError struct{ pe toml.ParseError }

func (e syntaxError) Error() string {
	if strings.Contains(e.pe.Message, "probably using UTF-16") {
		// Not a slip in the text: Windows PowerShell 5.1's "> 文件" writes UTF-16.
		return "不是 UTF-8 编码（像是 UTF-16），请另存为 UTF-8 后再用"
	}
	if desc := describeSyntax(e.pe); desc != "" {
		return "TOML 语法错误（" + desc + "）"
	}
	// A message not recognised is still worth showing: it is all there is to go on.
	return "TOML 语法错误（" + e.pe.Message + "）"
}

func (e syntaxError) Unwrap() error { return e.pe }

// syntaxPatterns recognise the BurntSushi/toml messages a hand-edited profile runs into, tried
// in order (the specific before the general); the first fragment found in the message wins.
var syntaxPatterns = []struct{ fragment, desc string }{
	{"strings cannot contain newlines", "字符串未闭合，缺少右引号"},
	{`unexpected EOF; expected '"""'`, `多行字符串未闭合，缺少结尾的 """`},
	{`unexpected EOF; expected "'''"`, "多行字符串未闭合，缺少结尾的 '''"},
	{`unexpected EOF; expected '"'`, "字符串未闭合，缺少右引号"},
	{`unexpected EOF; expected "'"`, "字符串未闭合，缺少右引号"},
	{"unexpected EOF; expected key separator", "键名后缺少 ="},
	{"table names cannot be empty", "表名为空"},
	{"to end table name", "表头缺少右方括号 ]"},
	{"end of table array name", "表头缺少右方括号 ]]"},
	{"key name appears blank", "缺少键名"},
	{"keys cannot start with a '.'", "键名不能以 . 开头"},
	{"expected a top-level item to end with a newline", "一行只能写一个键和值，值后面有多余的内容"},
	{"array terminator", "数组缺少逗号或右方括号 ]"},
	{"inline table terminator", "{ } 中缺少逗号或右花括号 }"},
	{"newlines not allowed within inline tables", "{ } 须写在一行内"},
	{"unexpected comma", "多余的逗号"},
	{"escape", `字符串中的反斜杠 \ 写法无效，Windows 路径请用单引号，如 'D:\规则'`},
	{"hexadecimal digits after", `字符串中的反斜杠 \ 写法无效，Windows 路径请用单引号，如 'D:\规则'`},
	{"cannot have leading zeroes", "数字不能以 0 开头"},
	{"must start with a digit", "小数须以数字开头，如 0.5"},
	{"nvalid integer", "数字写法有误"},
	{"nvalid float", "数字写法有误"},
	{"expected a digit", "数字写法有误"},
	{"out of range", "数值超出范围"},
	{"out of the safe", "数值超出范围"},
	{"invalid datetime", "日期写法有误"},
	{"control characters", "含有不可见的控制字符"},
	{"unexpected EOF", "文件意外结束"},
}

// describeSyntax is a short Chinese description of a TOML syntax error, or "" when the message
// is not one it knows.
func describeSyntax(pe toml.ParseError) string {
	msg := pe.Message
	if strings.Contains(msg, "has already been defined") || strings.Contains(msg, "was already created") {
		if _, rest, ok := strings.Cut(msg, "Key '"); ok {
			if key, _, ok := strings.Cut(rest, "'"); ok {
				return "键 " + key + " 重复定义"
			}
		}
		return "键重复定义"
	}
	if r, ok := offendingRune(msg); ok {
		switch {
		case r == '“' || r == '”' || r == '‘' || r == '’':
			// A Chinese input method turns " into “ ”, which TOML does not take for quotes.
			return `引号须为英文半角 " 或 '，不能用中文引号 “ ”`
		case r == '＝':
			return "等号须为英文半角 ="
		case strings.Contains(msg, "expected '.' or '='") && r >= utf8.RuneSelf:
			// The commonest slip: a Chinese key written bare. TOML allows only ASCII bare keys.
			return `中文键名须加双引号，如 "产出指标" = 50`
		case strings.Contains(msg, "expected '.' or '='"):
			return "键名后缺少 ="
		case strings.HasPrefix(msg, "expected value but found") && (r == '\n' || r == '\r' || r == '#'):
			return missingValue(pe.LastKey)
		}
	}
	if strings.Contains(msg, "unexpected EOF; expected value") {
		return missingValue(pe.LastKey)
	}
	if value, ok := strings.CutPrefix(msg, `expected value but found "`); ok {
		// A bare word where a value goes: text without quotes, or TRUE for true.
		value, _, _ = strings.Cut(value, `"`)
		return "值 " + value + ` 无法识别：文字须加英文双引号，如 "linear"；true、false 须小写`
	}
	for _, p := range syntaxPatterns {
		if strings.Contains(msg, p.fragment) {
			return p.desc
		}
	}
	return ""
}

// missingValue describes "key =" with nothing after it, naming the key when the parser knows it.
func missingValue(key string) string {
	if key == "" {
		return "缺少值"
	}
	return key + " 缺少值"
}

// offendingRune is the character the parser quotes, as %q writes a rune, in messages such as
// "but got '产' instead" or "expected value but found '\n' instead".
func offendingRune(msg string) (rune, bool) {
	for _, lead := range []string{"but got '", "but found '"} {
		if _, rest, ok := strings.Cut(msg, lead); ok {
			if r, _, tail, err := strconv.UnquoteChar(rest, '\''); err == nil && strings.HasPrefix(tail, "'") {
				return r, true
			}
		}
	}
	return 0, false
}
