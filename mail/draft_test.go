package mail

import (
	"strings"
	"testing"
)

// TestBodyAcceptedErrors: an error a reviewer accepted is not counted among the form's errors,
// and the letter names it as accepted, so the unit neither fixes it nor wonders where it went.
func TestBodyAcceptedErrors(t *testing.T) {
	l := &Letter{Unit: "单位甲", Year: 2021, Forms: []FormLine{{
		Project: "项目", Total: "88.97", Grade: "良", Status: "需修改",
		Errors:   []string{"H31：总分应为 88.97"},
		Accepted: []string{"B13：一级指标“产出指标”分值为 30 分〔经电话说明，同意〕"},
	}}}
	body := l.body()
	for _, want := range []string{"错误 1 处", "- H31：总分应为 88.97", "- 已认可，无需修改：B13：一级指标“产出指标”分值为 30 分〔经电话说明，同意〕"} {
		if !strings.Contains(body, want) {
			t.Errorf("the body lacks %q:\n%s", want, body)
		}
	}
}
