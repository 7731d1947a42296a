package tomlx

import (
	"strconv"
	"strings"
)

// Key paths name a value for people: "execution.bands[2].min", array elements counted from 1.

// JoinKey appends one key to a dotted path. A piece is quoted only when it could not be read back
// unquoted; Chinese pieces stay bare because the path is for people, not for a TOML parser.
func JoinKey(parent, piece string) string {
	if piece == "" || strings.ContainsAny(piece, ".[]\"' \t=#") {
		piece = strconv.Quote(piece)
	}
	if parent == "" {
		return piece
	}
	return parent + "." + piece
}

// IndexKey names the i-th (0-based) element of an array, counted from 1 as a bureau counts.
func IndexKey(parent string, i int) string {
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
