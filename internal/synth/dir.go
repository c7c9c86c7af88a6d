package synth

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing/fstest"
)

// WriteDir writes files into the folder dir, creating it as needed.
func WriteDir(dir string, files fstest.MapFS) error {
	for name, f := range files {
		if f.Mode.IsDir() {
			continue
		}
		if !fs.ValidPath(name) {
			return fmt.Errorf("synth: bad path %q", name)
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
