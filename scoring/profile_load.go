package scoring

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/shopspring/decimal"
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
	// The TOML library keeps key positions private, so a small locator of our own finds the line
	// of each key and the literal text of each value (for exact decimals).
	d := &decoder{locs: locate(string(data))}
	d.decode(reflect.ValueOf(p).Elem(), raw, "")
	if len(d.errs) == 0 {
		d.errs = p.validate()
	}
	for _, e := range d.errs {
		e.File = filename
		if e.Line == 0 {
			e.Line = d.lineOf(e.Key)
		}
	}
	sort.SliceStable(d.errs, func(i, j int) bool { return lineOrder(d.errs[i].Line) < lineOrder(d.errs[j].Line) })
	if err := joinProfileErrors(d.errs); err != nil {
		return nil, err
	}
	return p, nil
}

// lineOrder puts errors without a line (inherited values) after those the bureau can go to.
func lineOrder(line int) int {
	if line == 0 {
		return math.MaxInt
	}
	return line
}

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

// --- decoding the parsed TOML into a Profile ---

var decimalType = reflect.TypeOf(decimal.Decimal{})

// decoder assigns a generic TOML tree to a Profile field by field, by the fields' toml tags. It
// replaces toml's own struct decoding because that one reads a TOML float into a decimal through
// fmt's "%f" (0.1234567 becomes 0.123457), reports wrong types without a usable line, and would
// merge maps and arrays into the inherited ones.
type decoder struct {
	locs map[string]loc
	errs []*ProfileError
}

func (d *decoder) fail(key, format string, args ...any) {
	d.errs = append(d.errs, &ProfileError{Key: key, Line: d.lineOf(key), Err: fmt.Errorf(format, args...)})
}

// lineOf finds the line of key, or of its nearest ancestor written in the file (for an error
// about a key the file inherits but whose table it does write), or 0.
func (d *decoder) lineOf(key string) int {
	for k := key; k != ""; k = parentKey(k) {
		if l, ok := d.locs[k]; ok {
			return l.line
		}
	}
	return 0
}

// decode assigns src, the TOML value written at key, to dst, recording a ProfileError for every
// value that does not fit instead of stopping, so one run reports all of them.
func (d *decoder) decode(dst reflect.Value, src any, key string) {
	if dst.Type() == decimalType {
		if v, ok := d.decimal(src, key); ok {
			dst.Set(reflect.ValueOf(v))
		}
		return
	}
	switch dst.Kind() {
	case reflect.String:
		if s, ok := src.(string); ok {
			dst.SetString(s)
			return
		}
		d.wrongType(key, "字符串（用双引号括起来）", src)
	case reflect.Bool:
		if b, ok := src.(bool); ok {
			dst.SetBool(b)
			return
		}
		d.wrongType(key, "布尔值 true 或 false", src)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		d.decodeInt(dst, src, key)
	case reflect.Struct:
		d.decodeStruct(dst, src, key)
	case reflect.Slice:
		d.decodeSlice(dst, src, key)
	case reflect.Map:
		d.decodeMap(dst, src, key)
	default:
		// Only reachable if a field of a type the decoder does not know is added to Profile.
		d.fail(key, "内部错误：无法读取 %s 类型的设置", dst.Type())
	}
}

// decodeInt assigns a TOML integer to an integer field of any width.
func (d *decoder) decodeInt(dst reflect.Value, src any, key string) {
	n, ok := src.(int64)
	if !ok {
		d.wrongType(key, "整数", src)
		return
	}
	if dst.OverflowInt(n) {
		d.fail(key, "整数 %d 超出范围", n)
		return
	}
	dst.SetInt(n)
}

// decodeStruct assigns a TOML table to a struct key by key; a key the table omits keeps its
// inherited value, and a key the struct lacks is an error naming the keys it has.
func (d *decoder) decodeStruct(dst reflect.Value, src any, key string) {
	m, ok := src.(map[string]any)
	if !ok {
		d.wrongType(key, "表", src)
		return
	}
	fields := tomlFields(dst.Type())
	for _, k := range d.sortedKeys(m, key) {
		sub := joinKey(key, k)
		i, ok := fields[k]
		if !ok {
			d.fail(sub, "不认识的键（此处可用的键：%s）", strings.Join(fieldNames(dst.Type()), "、"))
			continue
		}
		d.decode(dst.Field(i), m[k], sub)
	}
}

// decodeSlice assigns a TOML array to a slice, replacing the inherited one.
func (d *decoder) decodeSlice(dst reflect.Value, src any, key string) {
	items, ok := asArray(src)
	if !ok {
		d.wrongType(key, "数组", src)
		return
	}
	// An array replaces the inherited one: bands or grades are one ladder and do not mix.
	s := reflect.MakeSlice(dst.Type(), len(items), len(items))
	for i, item := range items {
		sub := indexKey(key, i)
		d.decode(s.Index(i), item, sub)
		d.requireWhole(s.Index(i), item, sub)
	}
	dst.Set(s)
}

// requireWhole reports each key a table element of an array omits: an element has nothing to
// inherit from, so it must be written whole.
func (d *decoder) requireWhole(elem reflect.Value, item any, key string) {
	m, ok := item.(map[string]any)
	if !ok || elem.Kind() != reflect.Struct {
		return
	}
	for _, name := range fieldNames(elem.Type()) {
		if _, ok := m[name]; !ok {
			d.fail(key, "缺少 %s", name)
		}
	}
}

// decodeMap assigns a TOML table to a map: [severity] merges into the inherited map, any other
// table replaces it.
func (d *decoder) decodeMap(dst reflect.Value, src any, key string) {
	m, ok := src.(map[string]any)
	if !ok {
		d.wrongType(key, "表", src)
		return
	}
	var out reflect.Value
	if key == "severity" && !dst.IsNil() {
		// Severities are independent settings, one per check: a file that downgrades I08
		// keeps every other code as inherited.
		out = reflect.MakeMapWithSize(dst.Type(), dst.Len()+len(m))
		iter := dst.MapRange()
		for iter.Next() {
			out.SetMapIndex(iter.Key(), iter.Value())
		}
	} else {
		// A weights split is one set of points that must add up together: a file giving a
		// split gives all of it, and an empty table removes the inherited split.
		out = reflect.MakeMapWithSize(dst.Type(), len(m))
	}
	for _, k := range d.sortedKeys(m, key) {
		v := reflect.New(dst.Type().Elem()).Elem()
		d.decode(v, m[k], joinKey(key, k))
		out.SetMapIndex(reflect.ValueOf(k).Convert(dst.Type().Key()), v)
	}
	dst.Set(out)
}

// decimal converts a TOML value to an exact decimal. A TOML float is taken from its literal text,
// never from the float64 the TOML library made of it, so 0.8 is exactly 0.8 and 0.1234567 keeps
// all seven places; a string ("0.8") and an integer (100) are exact already.
func (d *decoder) decimal(src any, key string) (decimal.Decimal, bool) {
	switch v := src.(type) {
	case int64:
		return decimal.NewFromInt(v), true
	case string:
		x, err := decimal.NewFromString(strings.TrimSpace(v))
		if err != nil {
			d.fail(key, "应为数值（如 0.8 或 \"0.8\"），%q 不是数值", v)
			return decimal.Decimal{}, false
		}
		return x, true
	case float64:
		if math.IsInf(v, 0) || math.IsNaN(v) {
			d.fail(key, "应为有限的数值，这里是 %v", v)
			return decimal.Decimal{}, false
		}
		if l, ok := d.locs[key]; ok {
			x, err := decimal.NewFromString(strings.ReplaceAll(l.text, "_", ""))
			// The literal must be the value the TOML library read; if the locator ever
			// disagreed, the float's shortest exact spelling is the safer reading.
			if err == nil && x.InexactFloat64() == v {
				return x, true
			}
		}
		// The shortest decimal that reads back as the same float64: the literal itself
		// whenever it has at most 15 significant digits.
		return decimal.RequireFromString(strconv.FormatFloat(v, 'g', -1, 64)), true
	}
	d.wrongType(key, "数值（如 0.8 或 \"0.8\"）", src)
	return decimal.Decimal{}, false
}

func (d *decoder) wrongType(key, want string, src any) {
	got := tomlTypeName(src)
	if l, ok := d.locs[key]; ok && l.text != "" && utf8.RuneCountInString(l.text) <= 40 {
		got += " " + l.text
	}
	d.fail(key, "类型不对：应为%s，这里写的是%s", want, got)
}

func tomlTypeName(v any) string {
	switch v.(type) {
	case string:
		return "字符串"
	case int64:
		return "整数"
	case float64:
		return "小数"
	case bool:
		return "布尔值"
	case map[string]any:
		return "表"
	case []any, []map[string]any:
		return "数组"
	default:
		return "日期时间"
	}
}

func asArray(src any) ([]any, bool) {
	switch v := src.(type) {
	case []any:
		return v, true
	case []map[string]any:
		out := make([]any, len(v))
		for i := range v {
			out[i] = v[i]
		}
		return out, true
	}
	return nil, false
}

// sortedKeys orders a table's keys as they appear in the file, so the first error reported is the
// first in the file and every run reports the same.
func (d *decoder) sortedKeys(m map[string]any, parent string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		li, lj := lineOrder(d.locs[joinKey(parent, keys[i])].line), lineOrder(d.locs[joinKey(parent, keys[j])].line)
		if li != lj {
			return li < lj
		}
		return keys[i] < keys[j]
	})
	return keys
}

// tomlFields maps a struct's toml tag names to field indexes.
func tomlFields(t reflect.Type) map[string]int {
	m := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		if name := tomlName(t.Field(i)); name != "" {
			m[name] = i
		}
	}
	return m
}

// fieldNames lists a struct's toml names in declaration order, for messages.
func fieldNames(t reflect.Type) []string {
	var names []string
	for i := range t.NumField() {
		if name := tomlName(t.Field(i)); name != "" {
			names = append(names, name)
		}
	}
	return names
}

func tomlName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
	if name == "-" || !f.IsExported() {
		return ""
	}
	return name
}

// --- key paths ---

// joinKey appends one key to a dotted path. A piece is quoted only when it could not be read back
// unquoted; Chinese pieces stay bare because the path is for people, not for a TOML parser.
func joinKey(parent, piece string) string {
	if piece == "" || strings.ContainsAny(piece, ".[]\"' \t=#") {
		piece = strconv.Quote(piece)
	}
	if parent == "" {
		return piece
	}
	return parent + "." + piece
}

// indexKey names the i-th (0-based) element of an array, counted from 1 as a bureau counts.
func indexKey(parent string, i int) string {
	return parent + "[" + strconv.Itoa(i+1) + "]"
}

// parentKey strips the last piece or index of a path, minding quoted pieces.
func parentKey(key string) string {
	cut, inQuote := 0, false
	for i := 0; i < len(key); i++ {
		switch c := key[i]; {
		case inQuote && c == '\\':
			i++
		case c == '"':
			inQuote = !inQuote
		case !inQuote && (c == '.' || c == '['):
			cut = i
		}
	}
	return key[:cut]
}

// --- locating keys in the source ---

// loc is where a key is written: its line, and for a scalar value, the value's literal text.
type loc struct {
	line int
	text string
}

type tokKind int

const (
	tEOF tokKind = iota
	tNewline
	tBare   // a bare key, number, boolean or date piece
	tString // a quoted string; text is its decoded value when single-line
	tDot
	tEq
	tComma
	tLBracket
	tRBracket
	tLBrace
	tRBrace
)

type token struct {
	kind       tokKind
	text       string
	start, end int // byte offsets in the source
	line       int
}

// locate maps every key path of a TOML document to its line (the first time the path is named)
// and, for scalar values, their literal text. It runs only on a document the TOML library has
// already accepted, so it does not check syntax, and it never fails: an unexpected token is skipped.
func locate(src string) map[string]loc {
	l := &locator{toks: tokenize(src), src: src, locs: map[string]loc{}, arrays: map[string]int{}}
	l.document()
	return l.locs
}

type locator struct {
	toks   []token
	i      int
	src    string
	locs   map[string]loc
	arrays map[string]int // array-of-tables path → elements seen so far
}

func (l *locator) peek() token {
	if l.i < len(l.toks) {
		return l.toks[l.i]
	}
	return token{kind: tEOF}
}

func (l *locator) next() token {
	t := l.peek()
	if l.i < len(l.toks) {
		l.i++
	}
	return t
}

func (l *locator) skipNewlines() {
	for l.peek().kind == tNewline {
		l.i++
	}
}

func (l *locator) record(key string, line int, text string) {
	if _, ok := l.locs[key]; !ok {
		l.locs[key] = loc{line: line, text: text}
	}
}

func (l *locator) document() {
	current := ""
	for {
		l.skipNewlines()
		t := l.peek()
		switch t.kind {
		case tEOF:
			return
		case tLBracket:
			l.next()
			double := false
			if n := l.peek(); n.kind == tLBracket && n.start == t.end {
				l.next()
				double = true
			}
			pieces := l.keyPieces()
			current = l.header(pieces, double, t.line)
			l.skipLine()
		case tBare, tString:
			l.keyValue(current)
		default:
			l.next()
		}
	}
}

// header resolves a [table] or [[array]] header to its path, naming the newest element of every
// array of tables on the way, as TOML does.
func (l *locator) header(pieces []string, double bool, line int) string {
	if len(pieces) == 0 {
		return ""
	}
	p := ""
	for _, piece := range pieces[:len(pieces)-1] {
		p = joinKey(p, piece)
		l.record(p, line, "")
		if n, ok := l.arrays[p]; ok {
			p = indexKey(p, n-1)
		}
	}
	p = joinKey(p, pieces[len(pieces)-1])
	l.record(p, line, "")
	if double {
		n := l.arrays[p]
		l.arrays[p] = n + 1
		p = indexKey(p, n)
		l.record(p, line, "")
	}
	return p
}

// keyPieces reads a possibly dotted key and the '=' or ']' that ends it.
func (l *locator) keyPieces() []string {
	var pieces []string
	for {
		t := l.peek()
		switch t.kind {
		case tBare, tString:
			pieces = append(pieces, t.text)
			l.next()
		case tDot:
			l.next()
		case tEq:
			l.next()
			return pieces
		case tRBracket:
			l.next()
			if n := l.peek(); n.kind == tRBracket && n.start == t.end {
				l.next()
			}
			return pieces
		default:
			return pieces
		}
	}
}

func (l *locator) keyValue(table string) {
	line := l.peek().line
	pieces := l.keyPieces()
	p := table
	for _, piece := range pieces {
		p = joinKey(p, piece)
		l.record(p, line, "")
	}
	if len(pieces) == 0 {
		l.next()
		return
	}
	l.value(p)
}

// value records a value's position: an array's elements, an inline table's keys, or a scalar's text.
func (l *locator) value(key string) {
	t := l.peek()
	switch t.kind {
	case tLBracket:
		l.next()
		for i := 0; ; i++ {
			l.skipNewlines()
			e := l.peek()
			if e.kind == tRBracket || e.kind == tEOF {
				l.next()
				return
			}
			sub := indexKey(key, i)
			l.record(sub, e.line, "")
			at := l.i
			l.value(sub)
			l.skipNewlines()
			if l.peek().kind == tComma || l.i == at {
				// The comma ends the element; a token no value starts with is skipped, so that
				// the locator always moves on.
				l.next()
			}
		}
	case tLBrace:
		l.next()
		for {
			l.skipNewlines()
			e := l.peek()
			switch e.kind {
			case tRBrace, tEOF:
				l.next()
				return
			case tComma:
				l.next()
			case tBare, tString:
				l.keyValue(key)
			default:
				l.next()
			}
		}
	default:
		first, last := t, t
		for {
			n := l.peek()
			if n.kind != tBare && n.kind != tString && n.kind != tDot {
				break
			}
			last = l.next()
		}
		if last.end > first.start && l.locs[key].text == "" {
			line := l.locs[key].line
			if line == 0 {
				line = first.line
			}
			l.locs[key] = loc{line: line, text: l.src[first.start:last.end]}
		}
	}
}

func (l *locator) skipLine() {
	for k := l.peek().kind; k != tNewline && k != tEOF; k = l.peek().kind {
		l.next()
	}
}

var punctuation = map[byte]tokKind{'.': tDot, '=': tEq, ',': tComma, '[': tLBracket, ']': tRBracket, '{': tLBrace, '}': tRBrace}

// tokenize splits TOML source into the tokens the locator needs; comments and blanks vanish.
func tokenize(src string) []token {
	var toks []token
	line := 1
	i := 0
	if strings.HasPrefix(src, "\ufeff") {
		i = len("\ufeff")
	}
	emit := func(k tokKind, text string, start, end, ln int) {
		toks = append(toks, token{kind: k, text: text, start: start, end: end, line: ln})
	}
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '\n':
			emit(tNewline, "", i, i+1, line)
			line++
			i++
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '"' || c == '\'':
			start, ln := i, line
			var end int
			if strings.HasPrefix(src[i:], strings.Repeat(string(c), 3)) {
				end = multilineEnd(src, i+3, c)
			} else {
				end = stringEnd(src, i+1, c)
			}
			raw := src[start:end]
			line += strings.Count(raw, "\n")
			emit(tString, unquoteTOML(raw), start, end, ln)
			i = end
		case strings.IndexByte(".=,[]{}", c) >= 0:
			emit(punctuation[c], string(c), i, i+1, line)
			i++
		default:
			start := i
			for i < len(src) && !strings.ContainsRune(" \t\r\n#.=,[]{}\"'", rune(src[i])) {
				i++
			}
			emit(tBare, src[start:i], start, i, line)
		}
	}
	return toks
}

// stringEnd returns the offset just past a single-line string's closing quote.
func stringEnd(src string, i int, q byte) int {
	for i < len(src) && src[i] != '\n' {
		switch {
		case q == '"' && src[i] == '\\':
			i += 2
		case src[i] == q:
			return i + 1
		default:
			i++
		}
	}
	return min(i, len(src))
}

// multilineEnd returns the offset just past a multi-line string's closing delimiter, which may be
// followed by up to two more quotes belonging to the content.
func multilineEnd(src string, i int, q byte) int {
	delim := strings.Repeat(string(q), 3)
	for i < len(src) {
		if q == '"' && src[i] == '\\' {
			i += 2
			continue
		}
		if strings.HasPrefix(src[i:], delim) {
			end := i + 3
			for k := 0; k < 2 && end < len(src) && src[end] == q; k++ {
				end++
			}
			return end
		}
		i++
	}
	return len(src)
}

// unquoteTOML decodes a single-line quoted key; only keys need decoding, and only exactly enough
// to match the keys the TOML library reports.
func unquoteTOML(raw string) string {
	if len(raw) < 2 || strings.HasPrefix(raw, `"""`) || strings.HasPrefix(raw, `'''`) {
		return raw
	}
	body := raw[1 : len(raw)-1]
	if raw[0] == '\'' || !strings.Contains(body, `\`) {
		return body
	}
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		if body[i] != '\\' || i+1 >= len(body) {
			b.WriteByte(body[i])
			continue
		}
		i++
		switch body[i] {
		case 'b':
			b.WriteByte('\b')
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'f':
			b.WriteByte('\f')
		case 'r':
			b.WriteByte('\r')
		case 'e':
			b.WriteByte(0x1b)
		case 'x', 'u', 'U':
			n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[body[i]]
			if i+1+n <= len(body) {
				if r, err := strconv.ParseUint(body[i+1:i+1+n], 16, 32); err == nil {
					b.WriteRune(rune(r))
					i += n
					continue
				}
			}
			b.WriteByte(body[i])
		default:
			b.WriteByte(body[i])
		}
	}
	return b.String()
}
