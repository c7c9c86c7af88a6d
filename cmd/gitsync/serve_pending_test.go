package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seed1bfafebe/gitsync/syncengine/httpapi"
	"github.com/seed1bfafebe/gitsync/syncengine/space"
)

// TestPendingKeptAcrossRestart: the operations a stopping server kept are
// written atomically, without credentials, then queued by the next start,
// which removes the file.
func TestPendingKeptAcrossRestart(t *testing.T) {
	mirrors, state := t.TempDir(), t.TempDir()
	mirrorRepo(t, mirrors)
	file := filepath.Join(state, pendingFile)
	kept := []httpapi.Pending{{
		SpaceID:   "docs",
		Direction: httpapi.DirectionImport,
		Request:   json.RawMessage(`{"url":"https://git.example.com/org/docs.git","ref":"refs/heads/main","timestamp":"2025-01-01T00:00:01Z"}`),
	}}
	if err := writePending(file, kept); err != nil {
		t.Fatal(err)
	}
	if matches, _ := filepath.Glob(filepath.Join(state, ".pending-*")); len(matches) != 0 {
		t.Errorf("temporary files left: %v", matches)
	}

	store, err := space.NewFileStore(state)
	if err != nil {
		t.Fatal(err)
	}
	r := mirrorResolver(mirrors)
	engine := space.New(space.Options{Store: store, Resolvers: map[string]space.Resolver{"https": r}})
	api, err := httpapi.New(engine, httpapi.Options{Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := resumePending(ctx, api, file, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(file); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("%s still there after the resume: %v", file, err)
	}
	api.Shutdown(ctx) // drains the resumed import
	info, err := engine.GitInfo(ctx, "docs")
	if err != nil || info.RepoName != "org/docs" {
		t.Errorf("after the resumed import: %+v, %v", info, err)
	}

	// A kept file that does not parse stops the start with a clear error.
	if err := os.WriteFile(file, []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := resumePending(ctx, api, file, slog.New(slog.NewTextHandler(io.Discard, nil))); err == nil || !strings.Contains(err.Error(), pendingFile) {
		t.Errorf("corrupt kept file: %v", err)
	}
}
