// Package tomlx decodes a TOML document into a struct field by field, as jxzp's rules files
// need: exact decimals from the literal text, every error with its key and line (so one run
// reports all of them), and tables and arrays that replace the values already in the struct
// instead of merging into them. BurntSushi/toml parses; tomlx only assigns and locates. Its
// messages are Chinese because they reach the bureau's users as they are.
package tomlx

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Error is one value that could not be assigned: the key, its line, and what is wrong.
type Error struct {
	Key  string // dotted key such as "execution.bands[2].min" (array elements count from 1)
	Line int    // 1-based; 0 when the key is not written in the document
	Err  error  // the problem, in Chinese
}

// Error renders the problem with its line and key.
func (e *Error) Error() string { return fmt.Sprintf("第 %d 行 %s：%v", e.Line, e.Key, e.Err) }

// Unwrap gives errors.Is and errors.As the problem.
func (e *Error) Unwrap() error { return e.Err }

// NewDecoder locates every key of src, a document the TOML library has accepted. A table at one
// of mergeKeys merges into the map already there; any other table or array replaces it.
func NewDecoder(src string, mergeKeys ...string) *Decoder {
	d := &Decoder{locs: locate(src), merge: map[string]bool{}}
	for _, k := range mergeKeys {
		d.merge[k] = true
	}
	return d
}

// Decode assigns raw, the tree toml.Decode made of the document, to the struct dst points to,
// and returns every value that did not fit. A key raw omits keeps the value dst has.
func (d *Decoder) Decode(dst any, raw map[string]any) []*Error {
	d.errs = nil
	d.decode(reflect.ValueOf(dst).Elem(), raw, "")
	return d.errs
}

// LineOrder is a line number as a sort key: errors without a line (inherited values) sort after
// those a user can go to.
func LineOrder(line int) int {
	if line == 0 {
		return math.MaxInt
	}
	return line
}

var decimalType = reflect.TypeOf(decimal.Decimal{})

// Decoder assigns a generic TOML tree to a struct field by field, by the fields' toml tags. It
// replaces toml's own struct decoding because that one reads a TOML float into a decimal through
// fmt's "%f" (0.1234567 becomes 0.123457), reports wrong types without a usable line, and would
// merge maps and arrays into the values already in the struct.
type Decoder struct {
	locs  map[string]loc
	merge map[string]bool
	errs  []*Error
}

// fail records an error at key, with its line.
func (d *Decoder) fail(key, format string, args ...any) {
	d.errs = append(d.errs, &Error{Key: key, Line: d.Line(key), Err: fmt.Errorf(format, args...)})
}

// Line finds the line of key, or of its nearest ancestor written in the file (for an error about
// a key the file inherits but whose table it does write), or 0.
func (d *Decoder) Line(key string) int {
	for k := key; k != ""; k = parentKey(k) {
		if l, ok := d.locs[k]; ok {
			return l.line
		}
	}
	return 0
}

// decode assigns src, the TOML value written at key, to dst, recording an Error for every
// value that does not fit instead of stopping, so one run reports all of them.
func (d *Decoder) decode(dst reflect.Value, src any, key string) {
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
		// Only reachable if a field of a type the decoder does not know is added to the struct.
		d.fail(key, "内部错误：无法读取 %s 类型的设置", dst.Type())
	}
}

// decodeInt assigns a TOML integer to an integer field of any width.
func (d *Decoder) decodeInt(dst reflect.Value, src any, key string) {
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
func (d *Decoder) decodeStruct(dst reflect.Value, src any, key string) {
	m, ok := src.(map[string]any)
	if !ok {
		d.wrongType(key, "表", src)
		return
	}
	fields := fieldIndex(dst.Type())
	for _, k := range d.sortedKeys(m, key) {
		sub := JoinKey(key, k)
		i, ok := fields[k]
		if !ok {
			d.fail(sub, "不认识的键（此处可用的键：%s）", strings.Join(fieldNames(dst.Type()), "、"))
			continue
		}
		d.decode(dst.Field(i), m[k], sub)
	}
}

// decodeSlice assigns a TOML array to a slice, replacing the inherited one.
func (d *Decoder) decodeSlice(dst reflect.Value, src any, key string) {
	items, ok := asArray(src)
	if !ok {
		d.wrongType(key, "数组", src)
		return
	}
	// An array replaces the inherited one: bands or grades are one ladder and do not mix.
	s := reflect.MakeSlice(dst.Type(), len(items), len(items))
	for i, item := range items {
		sub := IndexKey(key, i)
		d.decode(s.Index(i), item, sub)
		d.requireWhole(s.Index(i), item, sub)
	}
	dst.Set(s)
}

// requireWhole reports each key a table element of an array omits: an element has nothing to
// inherit from, so it must be written whole.
func (d *Decoder) requireWhole(elem reflect.Value, item any, key string) {
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

// decodeMap assigns a TOML table to a map: a table named in NewDecoder's merge keys merges into
// the map already there, any other table replaces it.
func (d *Decoder) decodeMap(dst reflect.Value, src any, key string) {
	m, ok := src.(map[string]any)
	if !ok {
		d.wrongType(key, "表", src)
		return
	}
	var out reflect.Value
	if d.merge[key] && !dst.IsNil() {
		// Independent settings, one per entry (a profile's [severity]): a file that changes
		// one keeps every other as inherited.
		out = reflect.MakeMapWithSize(dst.Type(), dst.Len()+len(m))
		iter := dst.MapRange()
		for iter.Next() {
			out.SetMapIndex(iter.Key(), iter.Value())
		}
	} else {
		// One set of values that belong together (a profile's weights split): a file giving
		// the table gives all of it, and an empty table removes the inherited one.
		out = reflect.MakeMapWithSize(dst.Type(), len(m))
	}
	for _, k := range d.sortedKeys(m, key) {
		v := reflect.New(dst.Type().Elem()).Elem()
		d.decode(v, m[k], JoinKey(key, k))
		out.SetMapIndex(reflect.ValueOf(k).Convert(dst.Type().Key()), v)
	}
	dst.Set(out)
}

// decimal converts a TOML value to an exact decimal. A TOML float is taken from its literal text,
// never from the float64 the TOML library made of it, so 0.8 is exactly 0.8 and 0.1234567 keeps
// all seven places; a string ("0.8") and an integer (100) are exact already.
func (d *Decoder) decimal(src any, key string) (decimal.Decimal, bool) {
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

// wrongType records a value of the wrong TOML type, quoting the value when it is short.
func (d *Decoder) wrongType(key, want string, src any) {
	got := typeName(src)
	if l, ok := d.locs[key]; ok && l.text != "" && utf8.RuneCountInString(l.text) <= 40 {
		got += " " + l.text
	}
	d.fail(key, "类型不对：应为%s，这里写的是%s", want, got)
}

// typeName names a TOML value's type in Chinese, as the messages use it.
func typeName(v any) string {
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

// asArray gives an array of tables and an array of values alike as []any.
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
func (d *Decoder) sortedKeys(m map[string]any, parent string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		li, lj := LineOrder(d.locs[JoinKey(parent, keys[i])].line), LineOrder(d.locs[JoinKey(parent, keys[j])].line)
		if li != lj {
			return li < lj
		}
		return keys[i] < keys[j]
	})
	return keys
}

// fieldIndex maps a struct's toml tag names to field indexes.
func fieldIndex(t reflect.Type) map[string]int {
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

// tomlName is a field's TOML key: its toml tag's name, or "" for a field the decoder skips.
func tomlName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
	if name == "-" || !f.IsExported() {
		return ""
	}
	return name
}
