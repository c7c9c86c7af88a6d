package main

import (
	"errors"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMirrorPath(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"git.example.com/org/docs.git", "git.example.com/org/wiki.git"} {
		if err := os.MkdirAll(filepath.Join(dir, filepath.FromSlash(d)), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "git.example.com", "org", "file.git"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		url  string
		want string // "" for an error
	}{
		{"https://git.example.com/org/docs.git", "git.example.com/org/docs.git"},
		{"https://bob:s3cret@git.example.com/org/docs.git", "git.example.com/org/docs.git"},
		{"https://GIT.example.com/org/wiki", "git.example.com/org/wiki.git"},
		{"http://git.example.com/org/docs.git/", "git.example.com/org/docs.git"},
		{"https://git.example.com/org/missing.git", ""},
		{"https://git.example.com/org/file.git", ""},
		{"https://git.example.com/org/../org/docs.git", ""},
		{"https://git.example.com/org//docs.git", ""},
		{"https://git.example.com/", ""},
		{"https://../org/docs.git", ""},
		{"https:///org/docs.git", ""},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.url)
		if err != nil {
			t.Fatal(err)
		}
		got, err := mirrorPath(dir, u)
		if tt.want == "" {
			if err == nil || !errors.Is(err, errNoMirror) {
				t.Errorf("%s: %q, %v; want an errNoMirror", tt.url, got, err)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("%s: the error carries the password: %v", tt.url, err)
			}
			continue
		}
		if err != nil || got != filepath.Join(dir, filepath.FromSlash(tt.want)) {
			t.Errorf("%s: %q, %v; want %s", tt.url, got, err, tt.want)
		}
	}
	u, _ := url.Parse("https://x:s3cret@git.example.com/org/missing.git")
	if _, err := mirrorPath(dir, u); !errors.Is(err, fs.ErrNotExist) || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("missing mirror: %v", err)
	}
}
