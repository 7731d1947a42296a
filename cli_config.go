package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"
)

// configName is the settings file looked for beside the inbox when --config is not given.
const configName = "jxzp.toml"

// configFile is jxzp.toml: what a bureau writes once rather than on every command line.
type configFile struct {
	SMTP    smtpSettings    `toml:"smtp"`
	Summary summarySettings `toml:"summary"`
}

// summarySettings is the [summary] table: what the summary prints under its title.
type summarySettings struct {
	Bureau string `toml:"bureau"` // 制表单位, as --bureau
}

// configKeys are the keys each table takes, for the message about one that is not.
var configKeys = map[string]string{"smtp": "server、from、user、tls", "summary": "bureau"}

// loadConfig reads the settings file path, or, when path is "", jxzp.toml beside the folder near
// (where a bureau keeps its inbox and outputs) or in the current folder when there is one. A
// missing default file gives empty settings; a key no table takes is an error naming it.
func loadConfig(path, near string) (configFile, error) {
	var file configFile
	if path == "" {
		for _, cand := range []string{filepath.Join(filepath.Dir(filepath.Clean(near)), configName), configName} {
			if _, err := os.Stat(cand); err == nil {
				path = cand
				break
			}
		}
	}
	if path == "" {
		return file, nil
	}
	md, err := toml.DecodeFile(path, &file)
	if errors.Is(err, fs.ErrNotExist) {
		return file, fmt.Errorf("找不到设置文件「%s」", path)
	}
	if err != nil {
		return file, fmt.Errorf("设置文件「%s」有误：%v", path, err)
	}
	for _, k := range md.Undecoded() {
		if keys, ok := configKeys[k[0]]; ok && len(k) > 1 {
			return file, fmt.Errorf("设置文件「%s」中 [%s] 有未知的键「%s」（可用：%s）", path, k[0], strings.Join(k[1:], "."), keys)
		}
	}
	return file, nil
}
