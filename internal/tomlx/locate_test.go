package tomlx

import (
	"testing"

	"github.com/BurntSushi/toml"
)

// The locator must agree with the TOML library on every key it reports, whatever the layout.
func TestLocateKeysAndLines(t *testing.T) {
	src := "\ufeff# c\r\n" +
		"a = 1 # x\r\n" +
		"z = { \"中\" = 3.0, w = {v = -0.7} }\n" +
		"s = \"\"\"\nline\n\"\"\"\n" +
		"[t]\n" +
		"'q.k' = 0.5\n" +
		"d.e = \"\\u4e2d\"\n" +
		"[[arr]]\n" +
		"x = 1\n" +
		"[[arr]]\n" +
		"x = 2.25\n" +
		"[arr.sub]\n" +
		"y = [1,\n 2.5]\n"
	var raw map[string]any
	if _, err := toml.Decode(src, &raw); err != nil {
		t.Fatal(err)
	}
	locs := locate(src)
	want := map[string]loc{
		"a":               {2, "1"},
		"z":               {3, ""},
		"z.中":             {3, "3.0"},
		"z.w.v":           {3, "-0.7"},
		"s":               {4, `"""` + "\nline\n" + `"""`},
		"t":               {7, ""},
		`t."q.k"`:         {8, "0.5"},
		"t.d":             {9, ""},
		"t.d.e":           {9, `"\u4e2d"`},
		"arr":             {10, ""},
		"arr[1]":          {10, ""},
		"arr[1].x":        {11, "1"},
		"arr[2]":          {12, ""},
		"arr[2].x":        {13, "2.25"},
		"arr[2].sub":      {14, ""},
		"arr[2].sub.y":    {15, ""},
		"arr[2].sub.y[2]": {16, "2.5"},
	}
	// Every key the TOML library reports is located.
	var walk func(m map[string]any, parent string)
	walk = func(m map[string]any, parent string) {
		for k, v := range m {
			key := JoinKey(parent, k)
			if _, ok := locs[key]; !ok {
				t.Errorf("%s not located", key)
			}
			switch v := v.(type) {
			case map[string]any:
				walk(v, key)
			case []map[string]any:
				for i, e := range v {
					walk(e, IndexKey(key, i))
				}
			}
		}
	}
	walk(raw, "")
	for k, w := range want {
		if got, ok := locs[k]; !ok || got != w {
			t.Errorf("locs[%s] = %+v, %v; want %+v", k, got, ok, w)
		}
	}
	if parentKey(`t."q.k"`) != "t" || parentKey("arr[2].sub.y[2]") != "arr[2].sub.y" || parentKey("a") != "" {
		t.Error("parentKey")
	}
}
