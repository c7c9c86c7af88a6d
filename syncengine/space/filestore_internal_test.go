package space

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFileStoreInterruptedWrite(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := NewFileStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	st := &State{Space: "s", LastCommit: "old"}
	if err := s.Save(ctx, st); err != nil {
		t.Fatal(err)
	}
	crash := errors.New("power cut")
	s.beforeRename = func(string) error { return crash }
	next, _ := s.Load(ctx, "s")
	next.LastCommit = "new"
	if err := s.Save(ctx, next); !errors.Is(err, crash) {
		t.Fatalf("Save = %v, want the interruption", err)
	}
	s.beforeRename = nil
	got, err := s.Load(ctx, "s")
	if err != nil || got.LastCommit != "old" || got.Version != 1 {
		t.Fatalf("after an interrupted write: %+v, %v; want the old state", got, err)
	}
	// A temporary file a real crash left behind is ignored, and the next
	// write succeeds over the old state.
	if err := os.WriteFile(filepath.Join(dir, "spaces", ".s.json.tmp-123"), []byte("{half"), 0o644); err != nil {
		t.Fatal(err)
	}
	if ids, _ := s.List(ctx); len(ids) != 1 || ids[0] != "s" {
		t.Errorf("List sees temporary files: %v", ids)
	}
	if err := s.Save(ctx, got); err != nil || got.Version != 2 {
		t.Errorf("Save after the crash: %v, version %d", err, got.Version)
	}
}

func TestFileStoreCorruptFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, _ := NewFileStore(dir)
	if err := s.Save(ctx, &State{Space: "s", LastCommit: "c"}); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "spaces", "s.json")
	for _, bad := range []string{`{"space":"s","version":1,`, "", `{"space":"other","version":1}`, `{"space":"s","version":1} trailing`} {
		if err := os.WriteFile(p, []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := s.Load(ctx, "s")
		var ce *CorruptError
		if !errors.As(err, &ce) || !errors.Is(err, ErrCorrupt) || ce.Path != p {
			t.Errorf("Load of %q = %v, want *CorruptError naming the file", bad, err)
		}
		if err := s.Save(ctx, &State{Space: "s"}); !errors.Is(err, ErrCorrupt) {
			t.Errorf("Save over %q = %v, want ErrCorrupt (never a silent reset)", bad, err)
		}
		data, _ := os.ReadFile(p)
		if string(data) != bad {
			t.Errorf("the corrupt file was overwritten")
		}
	}
	// The engine reports it too.
	e := New(Options{Store: s})
	if _, err := e.Import(ctx, "s", ImportRequest{URL: "/nonexistent", Ref: "main"}); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Import over a corrupt state = %v, want ErrCorrupt", err)
	}
	if !strings.Contains(s.statePath("s"), "s.json") {
		t.Errorf("state path %s", s.statePath("s"))
	}
}

func TestCorruptRevisionIsAnError(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, _ := NewFileStore(dir)
	if err := s.Save(ctx, &State{Space: "s", RevisionKey: "k"}); err != nil {
		t.Fatal(err)
	}
	e := New(Options{Store: s})
	for _, data := range []string{`{"revision":{"object":"revision","pages":[null]},"documents":{}}`, `{"revision":`, ``} {
		if err := s.PutRevision(ctx, "s", "k", []byte(data)); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Revision(ctx, "s"); !errors.Is(err, ErrCorrupt) {
			t.Errorf("Revision over %q = %v, want ErrCorrupt", data, err)
		}
	}
	if err := s.DeleteRevision(ctx, "s", "k"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Revision(ctx, "s"); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Revision with its file gone = %v, want ErrCorrupt", err)
	}
}
