package release

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// checksumsName lists the SHA-256 of every file of the release, so a copy passed around on a
// USB stick can be checked against the one built.
const checksumsName = "SHA256SUMS.txt"

// writeChecksums writes the checksums of paths into dist and returns the file's path.
func writeChecksums(dist string, paths []string) (string, error) {
	var b strings.Builder
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "%x  %s\n", sha256.Sum256(data), filepath.Base(p))
	}
	out := filepath.Join(dist, checksumsName)
	return out, os.WriteFile(out, []byte(b.String()), 0o644)
}
