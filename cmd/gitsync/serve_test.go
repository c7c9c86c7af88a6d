package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/seed1bfafebe/gitsync/internal/schematest"
)

// buildGitsync builds the command once per test binary.
var buildGitsync = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "gitsync-bin-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "gitsync")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", &buildError{err, out}
	}
	return bin, nil
})

type buildError struct {
	err error
	out []byte
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + string(e.out) }

// server is a running `gitsync serve`.
type server struct {
	cmd    *exec.Cmd
	url    string
	stderr *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe starts gitsync serve on a random loopback port and reads the
// address it prints.
func startServe(t *testing.T, args ...string) *server {
	t.Helper()
	bin, err := buildGitsync()
	if err != nil {
		t.Fatalf("go build: %v", err)
	}
	s := &server{stderr: &syncBuffer{}}
	s.cmd = exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	s.cmd.Env = append(os.Environ(), "GITSYNC_TOKEN=")
	s.cmd.Stderr = s.stderr
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if s.cmd.ProcessState == nil {
			_ = s.cmd.Process.Kill()
			_ = s.cmd.Wait()
		}
	})
	line := make(chan string, 1)
	go func() {
		r := bufio.NewReader(stdout)
		l, _ := r.ReadString('\n')
		line <- l
		_, _ = io.Copy(io.Discard, r)
	}()
	select {
	case l := <-line:
		const prefix = "gitsync serve: listening on "
		if !strings.HasPrefix(l, prefix+"http://127.0.0.1:") {
			t.Fatalf("first line %q; stderr:\n%s", l, s.stderr)
		}
		s.url = strings.TrimSpace(strings.TrimPrefix(l, prefix))
	case <-time.After(30 * time.Second):
		t.Fatalf("no address printed; stderr:\n%s", s.stderr)
	}
	return s
}

// stop sends SIGTERM and waits for a clean exit.
func (s *server) stop(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("gitsync serve exited with %v; stderr:\n%s", err, s.stderr)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("gitsync serve did not stop; stderr:\n%s", s.stderr)
	}
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

func (s *server) do(t *testing.T, token, method, path, body string, hdr ...string) answer {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, s.url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{resp.StatusCode, resp.Header, b}
}

// mirrorRepo puts a bare clone of a small GitBook project at
// mirrors/git.example.com/org/docs.git.
func mirrorRepo(t *testing.T, mirrors string) {
	t.Helper()
	src, _ := diskRepo(t, map[string]string{
		"SUMMARY.md": "# Table of contents\n\n* [Home](README.md)\n* [Setup](setup.md)\n",
		"README.md":  "# Home\n\nStart with the [setup](setup.md).\n",
		"setup.md":   "# Setup\n\nInstall it.\n",
	})
	dst := filepath.Join(mirrors, "git.example.com", "org", "docs.git")
	if _, err := git.PlainClone(dst, true, &git.CloneOptions{URL: src}); err != nil {
		t.Fatal(err)
	}
}

// TestServe drives the endpoints of a real `gitsync serve` over loopback,
// restarts it and finds the same state; the password of the repository URL
// never shows in an answer, the log or the state folder.
func TestServe(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	const token, password = "serve-test-token", "pa55w0rd"
	mirrors, state := t.TempDir(), t.TempDir()
	mirrorRepo(t, mirrors)
	repoURL := "https://alice:" + password + "@git.example.com/org/docs.git"
	args := []string{"--state", state, "--token", token, "--mirrors", mirrors}

	s := startServe(t, args...)
	var answers []answer
	check := func(a answer, status int) answer {
		t.Helper()
		answers = append(answers, a)
		if a.status != status {
			t.Fatalf("status %d, want %d: %s", a.status, status, a.body)
		}
		return a
	}
	check(s.do(t, token, "POST", "/v1/spaces/docs/git/import",
		`{"url":"`+repoURL+`","ref":"refs/heads/main","timestamp":"2025-01-01T00:00:01Z"}`, "Prefer", "wait=60"), 204)
	info := check(s.do(t, token, "GET", "/v1/spaces/docs/git/info", ""), 200)
	content := check(s.do(t, token, "GET", "/v1/spaces/docs/content", ""), 200)
	schematest.ValidateRevision(t, content.body)
	if !bytes.Contains(content.body, []byte(`"Setup"`)) {
		t.Errorf("content has no Setup page:\n%s", content.body)
	}
	exp := check(s.do(t, token, "POST", "/v1/spaces/docs/git/export",
		`{"url":"`+repoURL+`","ref":"refs/heads/main","commitMessage":"Sync","timestamp":"2025-01-01T00:00:02Z"}`), 204)
	op := check(s.do(t, token, "GET", exp.header.Get("Location")+"?wait=60", ""), 200)
	var o struct{ State, Direction string }
	if err := json.Unmarshal(op.body, &o); err != nil || o.State != "success" || o.Direction != "export" {
		t.Errorf("export operation %s", op.body)
	}
	check(s.do(t, token, "DELETE", "/v1/spaces/docs/git/legacy-installation", ""), 204)
	check(s.do(t, token, "GET", "/v1/spaces/never/git/info", ""), 404)
	check(s.do(t, token, "POST", "/v1/spaces/docs/git/import",
		`{"url":"`+repoURL+`","ref":"refs/heads/main","timestamp":"2024-01-01T00:00:00Z"}`), 409)
	check(s.do(t, "", "GET", "/v1/spaces/docs/git/info", ""), 401)
	check(s.do(t, token, "POST", "/v1/spaces/docs/git/import", `{"ref":"main"}`), 400)
	s.stop(t)
	firstLog := s.stderr.String()

	s = startServe(t, args...)
	info2 := check(s.do(t, token, "GET", "/v1/spaces/docs/git/info", ""), 200)
	content2 := check(s.do(t, token, "GET", "/v1/spaces/docs/content", ""), 200)
	if !bytes.Equal(content.body, content2.body) {
		t.Errorf("content after a restart differs:\n%s\nwas:\n%s", content2.body, content.body)
	}
	if got, want := withoutOperation(t, info2.body), withoutOperation(t, info.body); got != want {
		t.Errorf("Git info after a restart: %s, was %s", got, want)
	}
	check(s.do(t, token, "POST", "/v1/spaces/docs/git/import",
		`{"url":"`+repoURL+`","ref":"refs/heads/main","timestamp":"2025-01-01T00:00:00Z"}`), 409) // the order survives too
	s.stop(t)

	for _, a := range answers {
		if bytes.Contains(a.body, []byte(password)) || strings.Contains(a.header.Get("Location"), password) {
			t.Errorf("an answer carries the password: %s", a.body)
		}
	}
	if logs := firstLog + s.stderr.String(); strings.Contains(logs, password) || !strings.Contains(logs, "status=204") {
		t.Errorf("log carries the password, or logs no request:\n%s", logs)
	}
	err := filepath.WalkDir(state, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if bytes.Contains(b, []byte(password)) || bytes.Contains(b, []byte("alice")) {
			t.Errorf("%s carries the credentials", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// withoutOperation drops GitSyncState.operation, which lives in memory.
func withoutOperation(t *testing.T, b []byte) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "operation")
	out, _ := json.Marshal(m)
	return string(out)
}
