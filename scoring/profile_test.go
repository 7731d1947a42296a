package scoring

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/shopspring/decimal"

	"github.com/jxzp/jxzp/internal/tomlx"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// sameDecimal compares value and spelling: 0.8 read as 0.800000 would be equal but not the same.
func sameDecimal(t *testing.T, what string, got decimal.Decimal, want string) {
	t.Helper()
	if !got.Equal(dec(want)) || got.String() != want {
		t.Errorf("%s = %s, want exactly %s", what, got, want)
	}
}

func loadTestProfile(t *testing.T, name string) (*Profile, error) {
	t.Helper()
	return LoadProfile(filepath.Join("testdata", "profiles", name))
}

func TestCatalogCoversChecksMd(t *testing.T) {
	want := map[byte]int{'S': 8, 'F': 8, 'W': 4, 'I': 16, 'T': 5, 'B': 7}
	got := map[byte]int{}
	seen := map[string]bool{}
	for _, c := range Catalog {
		if seen[c.Code] {
			t.Errorf("code %s listed twice", c.Code)
		}
		seen[c.Code] = true
		got[c.Code[0]]++
		if n, err := strconv.Atoi(c.Code[1:]); err != nil || n != got[c.Code[0]] {
			t.Errorf("code %s out of order or malformed", c.Code)
		}
		if c.Title == "" {
			t.Errorf("code %s has no title", c.Code)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("codes per group = %v, want %v", got, want)
	}
	for code, sev := range map[string]Severity{
		"S01": Error, "S05": Warning, "F07": Warning, "W02": Warning, "I15": Info, "T04": Info,
		"B01": Warning, "B02": Info, "B03": Error, "B04": Error, "B05": Info, "B06": Error, "B07": Warning,
	} {
		c, ok := CheckByCode(code)
		if !ok || c.Default != sev {
			t.Errorf("CheckByCode(%s) = %v, %v; want default %v", code, c, ok, sev)
		}
	}
	if _, ok := CheckByCode("X99"); ok {
		t.Error("CheckByCode(X99) found a check")
	}
}

func TestProfileNames(t *testing.T) {
	got := ProfileNames()
	want := []string{"mof2020", "henan2024", "hubei", "jiangxi", "sichuan", "yunnan"}
	if !slices.Equal(got, want) {
		t.Errorf("ProfileNames() = %v, want %v", got, want)
	}
	if DefaultProfileName() != "mof2020" {
		t.Errorf("DefaultProfileName() = %q", DefaultProfileName())
	}
}

func TestBuiltinProfilesLoadAndValidate(t *testing.T) {
	for _, name := range ProfileNames() {
		t.Run(name, func(t *testing.T) {
			p, err := BuiltinProfile(name)
			if err != nil {
				t.Fatal(err)
			}
			if p.Name != name {
				t.Errorf("name = %q, want %q", p.Name, name)
			}
			if p.Description == "" {
				t.Error("no description")
			}
			if err := p.Validate(); err != nil {
				t.Error(err)
			}
			// LoadProfile takes the same name.
			q, err := LoadProfile(name)
			if err != nil || !reflect.DeepEqual(p, q) {
				t.Errorf("LoadProfile(%q) = %v, %v; differs from BuiltinProfile", name, q, err)
			}
		})
	}
	if _, err := BuiltinProfile("beijing"); err == nil {
		t.Error("BuiltinProfile(beijing) gave no error")
	}
	if _, err := BuiltinProfileTOML("../profile.go"); err == nil {
		t.Error("BuiltinProfileTOML reached outside the profiles directory")
	}
}

// The built-in files are what a bureau copies: each must write every key itself (execution.bands
// only where mode is bands) and list every check code with its catalogue default.
func TestBuiltinProfileFilesAreComplete(t *testing.T) {
	leaves := tomlLeafKeys(reflect.TypeOf(Profile{}), "")
	for _, name := range ProfileNames() {
		t.Run(name, func(t *testing.T) {
			data, err := BuiltinProfileTOML(name)
			if err != nil {
				t.Fatal(err)
			}
			p, _ := BuiltinProfile(name)
			var raw map[string]any
			md, err := toml.Decode(string(data), &raw)
			if err != nil {
				t.Fatal(err)
			}
			for _, key := range leaves {
				if key == "execution.bands" && p.Execution.Mode != "bands" {
					continue
				}
				if !md.IsDefined(strings.Split(key, ".")...) {
					t.Errorf("%s.toml does not write %s", name, key)
				}
			}
			sev, _ := raw["severity"].(map[string]any)
			for _, c := range Catalog {
				if sev[c.Code] != c.Default.String() {
					t.Errorf("%s.toml: severity.%s = %v, want the default %s", name, c.Code, sev[c.Code], c.Default)
				}
			}
			if len(sev) != len(Catalog) {
				t.Errorf("%s.toml lists %d severities, the catalogue %d", name, len(sev), len(Catalog))
			}
		})
	}
}

// tomlLeafKeys lists the dotted toml keys of t's fields, not descending into maps and slices.
func tomlLeafKeys(t reflect.Type, prefix string) []string {
	var keys []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("toml"), ",")
		if name == "" || name == "-" || !t.Field(i).IsExported() {
			continue
		}
		key := name
		if prefix != "" {
			key = prefix + "." + name
		}
		if ft := t.Field(i).Type; ft.Kind() == reflect.Struct && ft != reflect.TypeOf(decimal.Decimal{}) {
			keys = append(keys, tomlLeafKeys(ft, key)...)
		} else {
			keys = append(keys, key)
		}
	}
	return keys
}

func TestBuiltinProfileValues(t *testing.T) {
	mof, _ := BuiltinProfile("mof2020")
	if mof.ScorePlaces != 2 || !mof.Total.Equal(dec("100")) || mof.Execution.Mode != "linear" ||
		mof.Indicators.Reverse != "ratio" || mof.Indicators.OverAchievementDeduct ||
		!mof.Indicators.RenormalizeNotApplicable || len(mof.Severity) != len(Catalog) {
		t.Errorf("mof2020 = %+v", mof)
	}
	sameDecimal(t, "mof2020 execution.points", mof.Execution.Points, "10")
	sameDecimal(t, "mof2020 low_rate", mof.Execution.LowRate, "0.6")
	sameDecimal(t, "mof2020 explain_below", mof.Execution.ExplainBelow, "0")
	sameDecimal(t, "mof2020 over_achievement_ratio", mof.Indicators.OverAchievementRatio, "1.2")
	sameDecimal(t, "mof2020 achieved_min", mof.Indicators.AchievedMin, "0.8")
	sameDecimal(t, "mof2020 partial_min", mof.Indicators.PartialMin, "0.6")
	if len(mof.Weights.Tree2020) != 3 || len(mof.Weights.Tree2021) != 0 {
		t.Errorf("mof2020 weights = %v", mof.Weights)
	}
	sameDecimal(t, "mof2020 产出指标", mof.Weights.Tree2020["产出指标"], "50")
	sameDecimal(t, "mof2020 效益指标", mof.Weights.Tree2020["效益指标"], "30")
	sameDecimal(t, "mof2020 满意度指标", mof.Weights.Tree2020["满意度指标"], "10")

	sc, _ := BuiltinProfile("sichuan")
	sameDecimal(t, "sichuan explain_below", sc.Execution.ExplainBelow, "0.9")
	if sc.Execution.ReasonMaxChars != 100 || len(sc.Weights.Tree2020) != 3 {
		t.Errorf("sichuan = %+v", sc.Execution)
	}
	for _, name := range []string{"yunnan", "hubei"} {
		p, _ := BuiltinProfile(name)
		sameDecimal(t, name+" execution.points", p.Execution.Points, "20")
	}
	jx, _ := BuiltinProfile("jiangxi")
	if jx.Execution.Mode != "bands" || len(jx.Execution.Bands) != 3 {
		t.Fatalf("jiangxi execution = %+v", jx.Execution)
	}
	for i, want := range [][2]string{{"1", "1"}, {"0.8", "0.7"}, {"0.6", "0.5"}} {
		sameDecimal(t, "jiangxi band min", jx.Execution.Bands[i].Min, want[0])
		sameDecimal(t, "jiangxi band share", jx.Execution.Bands[i].Share, want[1])
	}
	hn, _ := BuiltinProfile("henan2024")
	sameDecimal(t, "henan2024 execution.points", hn.Execution.Points, "30")
	for name, want := range map[string]string{"成本指标": "10", "产出指标": "30", "效益指标": "25", "满意度指标": "5"} {
		sameDecimal(t, "henan2024 "+name, hn.Weights.Tree2021[name], want)
	}
	if len(hn.Weights.Tree2020) != 0 {
		t.Errorf("henan2024 tree2020 = %v, want none", hn.Weights.Tree2020)
	}
}

// A caller changing its copy must not change what the next caller gets.
func TestBuiltinProfileIsACopy(t *testing.T) {
	p, _ := BuiltinProfile("mof2020")
	p.Severity["I08"] = "提示"
	p.Weights.Tree2020["产出指标"] = dec("1")
	p.Grades[0].Min = dec("1")
	q, _ := BuiltinProfile("mof2020")
	if q.Severity["I08"] != "警告" || !q.Weights.Tree2020["产出指标"].Equal(dec("50")) || !q.Grades[0].Min.Equal(dec("90")) {
		t.Error("changing one copy of mof2020 changed the next")
	}
	r, _ := loadTestProfile(t, "partial.toml")
	if r.Severity["I05"] != "错误" {
		t.Error("a custom file lost the inherited severities")
	}
}

func TestCustomProfile(t *testing.T) {
	p, err := loadTestProfile(t, "good.toml")
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "moushi" || p.Description != "某市 2024 年口径" || p.Execution.Mode != "bands" ||
		p.Indicators.Reverse != "deviation" || !p.Indicators.OverAchievementDeduct ||
		p.Indicators.RenormalizeNotApplicable || p.Execution.ReasonMaxChars != 200 {
		t.Errorf("good.toml = %+v", p)
	}
	if len(p.Execution.Bands) != 3 {
		t.Fatalf("bands = %v", p.Execution.Bands)
	}
	sameDecimal(t, "bands[2].min", p.Execution.Bands[1].Min, "0.9")
	sameDecimal(t, "bands[3].share", p.Execution.Bands[2].Share, "0.55")
	sameDecimal(t, "tree2020 产出指标", p.Weights.Tree2020["产出指标"], "40")
	sameDecimal(t, "tree2021 效益指标", p.Weights.Tree2021["效益指标"], "30")
	if got := []string{p.GradeOf(dec("85")), p.GradeOf(dec("84.99")), p.GradeOf(dec("0"))}; !slices.Equal(got, []string{"优秀", "合格", "不合格"}) {
		t.Errorf("grades = %v", got)
	}
	if p.SeverityOf("I08") != Info || p.SeverityOf("W02") != Error || p.SeverityOf("I07") != Error {
		t.Error("severity overrides not applied")
	}
}

func TestPartialProfileInheritsDefaults(t *testing.T) {
	p, err := loadTestProfile(t, "partial.toml")
	if err != nil {
		t.Fatal(err)
	}
	mof, _ := BuiltinProfile("mof2020")
	if p.Name != "partial" || p.Description != "" {
		t.Errorf("name, description = %q, %q; want the file's name and none", p.Name, p.Description)
	}
	sameDecimal(t, "execution.points", p.Execution.Points, "20")
	if len(p.Weights.Tree2020) != 0 {
		t.Errorf("tree2020 = %v; an empty table must remove the inherited split", p.Weights.Tree2020)
	}
	// Everything the file does not write is mof2020's.
	want := mof.clone()
	want.Name, want.Description = "partial", ""
	want.Execution.Points = p.Execution.Points
	want.Weights.Tree2020 = p.Weights.Tree2020
	want.Severity["I08"] = "提示"
	if !reflect.DeepEqual(p, want) {
		t.Errorf("partial.toml =\n%+v\nwant\n%+v", p, want)
	}
}

func TestDecimalsAreExact(t *testing.T) {
	p, err := loadTestProfile(t, "exact.toml")
	if err != nil {
		t.Fatal(err)
	}
	// toml's own decoding would give 0.800000 and 0.123457 (fmt "%f" of a float64).
	sameDecimal(t, "achieved_min (0.8)", p.Indicators.AchievedMin, "0.8")
	sameDecimal(t, "low_rate (0.1234567)", p.Execution.LowRate, "0.1234567")
	sameDecimal(t, "explain_below (\"0.9\")", p.Execution.ExplainBelow, "0.9")
	sameDecimal(t, "partial_min (6e-1)", p.Indicators.PartialMin, "0.6")
	sameDecimal(t, "over_achievement_ratio (1_2.5e-1)", p.Indicators.OverAchievementRatio, "1.25")

	// Floats inside inline tables and arrays, at any depth, are exact too.
	q, err := ParseProfile([]byte("[execution]\nmode = \"bands\"\nbands = [{min = 1, share = 1}, {min = 0.3, share = 0.1}]\n"), "inline.toml")
	if err != nil {
		t.Fatal(err)
	}
	sameDecimal(t, "bands[2].min", q.Execution.Bands[1].Min, "0.3")
	sameDecimal(t, "bands[2].share", q.Execution.Bands[1].Share, "0.1")
}

func TestProfileErrors(t *testing.T) {
	tests := []struct {
		file string
		line int
		key  string
		want string // part of the message
	}{
		{"unknown_key.toml", 4, "execution.mdoe", "不认识的键"},
		{"unknown_top.toml", 2, "weight", "不认识的键"},
		{"bom_crlf.toml", 4, "execution.mdoe", "不认识的键"},
		{"bad_type.toml", 3, "score_places", "应为整数，这里写的是字符串 \"2\""},
		{"bad_type_decimal.toml", 3, "indicators.achieved_min", "不是数值"},
		{"bad_type_bool.toml", 2, "indicators.renormalize_not_applicable", "应为布尔值 true 或 false"},
		{"bands_order.toml", 9, "execution.bands[2].min", "从高到低"},
		{"band_share.toml", 5, "execution.bands[2].share", "0 到 1"},
		{"band_missing.toml", 4, "execution.bands[1]", "缺少 share"},
		{"bad_severity.toml", 3, "severity.I08", "\"错误\"、\"警告\" 或 \"提示\""},
		{"unknown_code.toml", 3, "severity.X99", "没有这个检查代码"},
		{"bad_mode.toml", 2, "execution.mode", "\"linear\""},
		{"bad_reverse.toml", 2, "indicators.reverse", "\"ratio\""},
		{"bad_places.toml", 1, "score_places", "0 到 6"},
		{"bad_total.toml", 1, "total", "应大于 0"},
		{"qualitative_edges.toml", 3, "indicators.partial_min", "应低于 achieved_min"},
		{"achieved_above_one.toml", 2, "indicators.achieved_min", "不大于 1"},
		{"grades_order.toml", 11, "grades[3].min", "从高到低"},
		{"split_sum.toml", 2, "weights.tree2020", "应等于满分"},
		{"split_name.toml", 2, "weights.tree2020.产出指数", "不是这一版指标体系的一级指标"},
		{"syntax_bare_chinese.toml", 2, "", "TOML 语法错误（中文键名须加双引号"},
		{"gbk.toml", 1, "", "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := loadTestProfile(t, tt.file)
			if err == nil {
				t.Fatal("no error")
			}
			var pe *ProfileError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ProfileError", err)
			}
			if pe.Line != tt.line || pe.Key != tt.key {
				t.Errorf("line, key = %d, %q; want %d, %q (%v)", pe.Line, pe.Key, tt.line, tt.key, err)
			}
			msg := err.Error()
			for _, part := range []string{"规则文件 ", tt.file, "第 " + strconv.Itoa(tt.line) + " 行", tt.key + "：", tt.want} {
				if !strings.Contains(msg, part) {
					t.Errorf("message %q lacks %q", msg, part)
				}
			}
		})
	}
}

func TestProfileErrorFormatAndWrapping(t *testing.T) {
	_, err := ParseProfile([]byte("[execution]\n\nmode = \"step\"\n"), "x.toml")
	if got, want := err.Error(), `规则文件 x.toml 第 3 行 execution.mode：应为 "linear"（按比例）或 "bands"（分档），这里是 "step"`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// A syntax error keeps the toml.ParseError reachable, with its position.
	_, err = ParseProfile([]byte("a = 1\na = 2\n"), "dup.toml")
	var tpe toml.ParseError
	var pe *ProfileError
	if !errors.As(err, &tpe) || !errors.As(err, &pe) || pe.Line != 2 {
		t.Errorf("duplicate key: %v", err)
	}
	// Several problems are reported together, in file order.
	_, err = ParseProfile([]byte("score_places = 9\n[execution]\nmode = \"x\"\n"), "two.toml")
	if msg := err.Error(); strings.Count(msg, "\n") != 1 || strings.Index(msg, "score_places") > strings.Index(msg, "execution.mode") {
		t.Errorf("two problems reported as %q", msg)
	}
	// An inherited value in conflict with a written one points at the written table.
	_, err = ParseProfile([]byte("[indicators]\nachieved_min = 0.5\n"), "edge.toml")
	if !errors.As(err, &pe) || pe.Key != "indicators.partial_min" || pe.Line != 1 {
		t.Errorf("inherited conflict: %v", err)
	}
	_, err = LoadProfile("beijing")
	if err == nil || !strings.Contains(err.Error(), "既不是内置规则") {
		t.Errorf("LoadProfile(beijing) = %v", err)
	}
	_, err = LoadProfile(filepath.Join("testdata", "profiles", "missing.toml"))
	if err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// TestProfileSyntaxErrorsInChinese holds TOML syntax errors to a Chinese message at the line of
// the slip: the library's English ("Key 'x' has already been defined.") reaches the user only in
// parentheses, for a slip not recognised.
func TestProfileSyntaxErrorsInChinese(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		want      string // the whole message after "规则文件 x.toml 第 N 行："
	}{
		{"duplicate key", "score_places = 2\nscore_places = 3\n", 2, "TOML 语法错误（键 score_places 重复定义）"},
		{"table defined twice", "[execution]\nmode = \"linear\"\n[execution]\n", 3, "TOML 语法错误（键 execution 重复定义）"},
		{"missing value", "score_places =\n[execution]\n", 1, "TOML 语法错误（score_places 缺少值）"},
		{"missing value at the end", "score_places =", 1, "TOML 语法错误（score_places 缺少值）"},
		{"unclosed string", "[execution]\nmode = \"linear\n", 2, "TOML 语法错误（字符串未闭合，缺少右引号）"},
		{"unclosed string at the end", "name = 'x", 1, "TOML 语法错误（字符串未闭合，缺少右引号）"},
		{"header without ]", "total = 100\n[execution\nmode = \"linear\"\n", 2, "TOML 语法错误（表头缺少右方括号 ]）"},
		{"bare Chinese key", "[weights.tree2020]\n产出指标 = 50\n", 2, `TOML 语法错误（中文键名须加双引号，如 "产出指标" = 50）`},
		{"Chinese quotes", "[execution]\nmode = “linear”\n", 2, `TOML 语法错误（引号须为英文半角 " 或 '，不能用中文引号 “ ”）`},
		{"full-width equals", "total ＝ 100\n", 1, "TOML 语法错误（等号须为英文半角 =）"},
		{"no equals", "total 100\n", 1, "TOML 语法错误（键名后缺少 =）"},
		{"bare word", "[execution]\nmode = linear\n", 2, `TOML 语法错误（值 linear 无法识别：文字须加英文双引号，如 "linear"；true、false 须小写）`},
		{"two values", "total = 100 90\n", 1, "TOML 语法错误（一行只能写一个键和值，值后面有多余的内容）"},
		{"array without ]", "[[grades]]\nname = [\"优\" \"良\"]\n", 2, "TOML 语法错误（数组缺少逗号或右方括号 ]）"},
		{"Windows path", "name = \"D:\\Users\\规则\"\n", 1, `TOML 语法错误（字符串中的反斜杠 \ 写法无效，Windows 路径请用单引号，如 'D:\规则'）`},
		{"leading zero", "score_places = 02\n", 1, "TOML 语法错误（数字不能以 0 开头）"},
		{"decimal without 0", "[indicators]\nachieved_min = .9\n", 2, "TOML 语法错误（小数须以数字开头，如 0.5）"},
		{"UTF-16 without BOM", "t\x00o\x00t\x00a\x00l\x00", 1, "不是 UTF-8 编码（像是 UTF-16），请另存为 UTF-8 后再用"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseProfile([]byte(tt.src), "x.toml")
			var pe *ProfileError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ProfileError", err)
			}
			var tpe toml.ParseError
			if !errors.As(err, &tpe) {
				t.Errorf("%v does not unwrap to the toml.ParseError", err)
			}
			if want := "规则文件 x.toml 第 " + strconv.Itoa(tt.line) + " 行：" + tt.want; err.Error() != want {
				t.Errorf("got  %s\nwant %s", err, want)
			}
		})
	}
}

// TestSyntaxErrorNotRecognised keeps the library's own text, in parentheses, for a message the
// table does not know: it is all there is to go on.
func TestSyntaxErrorNotRecognised(t *testing.T) {
	err := syntaxError{toml.ParseError{Message: "something new"}}
	if got, want := err.Error(), "TOML 语法错误（something new）"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestOpenError covers the causes TestProfileFileErrors cannot produce everywhere (root reads a
// file of mode 000).
func TestOpenError(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&fs.PathError{Op: "open", Path: "a.toml", Err: fs.ErrNotExist}, "找不到规则文件 a.toml"},
		{&fs.PathError{Op: "open", Path: "a.toml", Err: fs.ErrPermission}, "无法读取规则文件 a.toml（没有权限）"},
		{&fs.PathError{Op: "read", Path: "a.toml", Err: errors.New("设备未就绪")}, "无法读取规则文件 a.toml（设备未就绪）"},
	}
	for _, tt := range tests {
		err := error(&ProfileError{File: "a.toml", Err: openError("a.toml", tt.err)})
		if err.Error() != tt.want {
			t.Errorf("%v: got %q, want %q", tt.err, err, tt.want)
		}
		if !errors.Is(err, tt.err.(*fs.PathError).Err) {
			t.Errorf("%v does not unwrap to its cause", err)
		}
	}
}

// TestProfileFileErrors holds a profile file that cannot be read to a Chinese message naming it,
// with the os error still reachable through errors.Is.
func TestProfileFileErrors(t *testing.T) {
	dir := t.TempDir()
	locked := filepath.Join(dir, "无权读取.toml")
	if err := os.WriteFile(locked, []byte("total = 100\n"), 0o000); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "nosuch.toml")
	tests := []struct {
		name, path string
		want       string
		is         error
	}{
		{"missing", missing, "找不到规则文件 " + missing, fs.ErrNotExist},
		{"missing, relative", "nosuch.toml", "找不到规则文件 nosuch.toml", fs.ErrNotExist},
		{"a folder", dir, "无法读取规则文件 " + dir + "（这是文件夹，不是文件）", nil},
		{"no permission", locked, "无法读取规则文件 " + locked + "（没有权限）", fs.ErrPermission},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.is == fs.ErrPermission {
				// Mode bits do not keep root (or Windows, which ignores them) from reading.
				if f, err := os.Open(locked); err == nil {
					f.Close()
					t.Skip("this user can read a file of mode 000")
				}
			}
			_, err := LoadProfile(tt.path)
			if err == nil || err.Error() != tt.want {
				t.Errorf("got  %v\nwant %s", err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("%v is not %v", err, tt.is)
			}
			var pe *ProfileError
			if !errors.As(err, &pe) || pe.File != tt.path {
				t.Errorf("%v is not a *ProfileError for %s", err, tt.path)
			}
		})
	}
}

func TestSeverityOf(t *testing.T) {
	mof, _ := BuiltinProfile("mof2020")
	custom, _ := loadTestProfile(t, "good.toml")
	tests := []struct {
		p    *Profile
		code string
		want Severity
	}{
		{mof, "I05", Error},
		{mof, "I08", Warning},
		{mof, "I15", Info},
		{mof, "B05", Info},
		{custom, "I08", Info},    // overridden down
		{custom, "W02", Error},   // overridden up
		{custom, "I09", Warning}, // inherited default
		{&Profile{}, "F07", Warning},
		{nil, "T04", Info},
		{&Profile{Severity: map[string]string{"I08": "bogus"}}, "I08", Warning}, // unvalidated: default
		{mof, "X99", Error},
	}
	for _, tt := range tests {
		if got := tt.p.SeverityOf(tt.code); got != tt.want {
			t.Errorf("SeverityOf(%s) = %v, want %v", tt.code, got, tt.want)
		}
	}
}

func TestGradeOf(t *testing.T) {
	p, _ := BuiltinProfile("mof2020")
	tests := map[string]string{
		"100": "优", "90": "优", "90.00": "优", "89.99": "良", "80": "良", "79.99": "中",
		"60": "中", "59.99": "差", "0": "差", "110": "优",
	}
	for total, want := range tests {
		if got := p.GradeOf(dec(total)); got != want {
			t.Errorf("GradeOf(%s) = %q, want %q", total, got, want)
		}
	}
	// Bands listed out of order in a Profile built in code are still read highest first.
	q := &Profile{Grades: []GradeBand{{"差", dec("0")}, {"优", dec("90")}, {"良", dec("80")}}}
	if got := q.GradeOf(dec("85")); got != "良" {
		t.Errorf("unsorted GradeOf(85) = %q", got)
	}
	if got := (&Profile{Grades: []GradeBand{{"合格", dec("60")}}}).GradeOf(dec("50")); got != "" {
		t.Errorf("GradeOf below every band = %q, want empty", got)
	}
}

// Any input, accepted by the TOML library or not, gives a profile or an error: never a panic or a
// hang in the locator, and never a profile that fails Validate.
func FuzzParseProfile(f *testing.F) {
	for _, name := range ProfileNames() {
		data, _ := BuiltinProfileTOML(name)
		f.Add(data)
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "profiles", "*.toml"))
	for _, file := range files {
		data, _ := os.ReadFile(file)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParseProfile(data, "fuzz.toml")
		if err == nil {
			if verr := p.Validate(); verr != nil {
				t.Fatalf("accepted a profile that does not validate: %v", verr)
			}
		}
		tomlx.NewDecoder(string(data))
	})
}
