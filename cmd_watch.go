package main

import "github.com/urfave/cli/v2"

// watchCommand is `jxzp watch INBOX`.
func watchCommand() *cli.Command {
	return &cli.Command{Name: "watch", Hidden: true, Action: func(*cli.Context) error { return cli.Exit("尚未实现", exitUsage) }}
}
