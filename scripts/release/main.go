// Command release builds jxzp's release into dist/; scripts/release.sh runs it with the
// version and time taken from git.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/jxzp/jxzp/internal/release"
)

func main() {
	version := flag.String("version", "dev", "version stamped into the binaries and their names")
	epoch := flag.Int64("time", 0, "time written into the zips, in seconds since 1970 (SOURCE_DATE_EPOCH)")
	dist := flag.String("dist", "dist", "folder the release is written to")
	flag.Parse()
	paths, err := release.Build(release.Options{Root: ".", Dist: *dist, Version: *version, Time: time.Unix(*epoch, 0).UTC()})
	if err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
	for _, p := range paths {
		fmt.Println(p)
	}
}
