package revision

import (
	"crypto/sha256"
	"math/big"
	"strings"
)

const idAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// NewID returns a deterministic 20-character id (the length and alphabet of
// GitBook's ids) derived from the parts: the same parts always give the same
// id, so the same repository content gives the same revision byte for byte.
func NewID(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	n := new(big.Int).SetBytes(h[:])
	base := big.NewInt(int64(len(idAlphabet)))
	var b [20]byte
	mod := new(big.Int)
	for i := range b {
		n.DivMod(n, base, mod)
		b[i] = idAlphabet[mod.Int64()]
	}
	return string(b[:])
}
