package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/seed1bfafebe/gitsync/syncengine"
	"github.com/seed1bfafebe/gitsync/syncengine/httpapi"
	"github.com/seed1bfafebe/gitsync/syncengine/space"
)

const serveSynopsis = "serve [--addr 127.0.0.1:8080] [--state DIR] [--token T | GITSYNC_TOKEN] [--mirrors DIR] [--shutdown-timeout 30s]"

// pendingFile keeps, across a restart, the operations that were queued but
// had not started when the server stopped (without URL credentials).
const pendingFile = "serve-pending.json"

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("serve", serveSynopsis, stderr)
	addr := fl.String("addr", "127.0.0.1:8080", "`address` to listen on (port 0 picks a free one; the bound address is printed)")
	stateDir := fl.String("state", "", "state `folder` of the spaces (default $XDG_STATE_HOME/gitsync, else ~/.local/state/gitsync)")
	token := fl.String("token", "", "bearer `token` clients must send (default $GITSYNC_TOKEN; generated and printed when neither is set)")
	mirrors := fl.String("mirrors", "", "`folder` of local mirrors: https://host/owner/repo.git is read from DIR/host/owner/repo.git")
	drain := fl.Duration("shutdown-timeout", 30*time.Second, "on SIGINT or SIGTERM, how long queued operations may run; the ones left are kept for the next start")
	settle := fl.Duration("settle", 0, "hold each operation this long before it starts, so that a burst sorts into timestamp order")
	pos, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("serve takes no arguments, got %q", pos)
	}
	if *stateDir == "" {
		if *stateDir, err = defaultStateDir(); err != nil {
			return err
		}
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	tok := *token
	if tok == "" {
		tok = os.Getenv("GITSYNC_TOKEN")
	}
	if tok == "" {
		var b [16]byte
		_, _ = rand.Read(b[:])
		tok = hex.EncodeToString(b[:])
		fmt.Fprintf(stderr, "gitsync serve: no --token or GITSYNC_TOKEN; clients must send \"Authorization: Bearer %s\"\n", tok)
	}

	if err := os.MkdirAll(*stateDir, 0o700); err != nil {
		return err
	}
	store, err := space.NewFileStore(*stateDir)
	if err != nil {
		return err
	}
	opts := space.Options{Store: store, Logger: log}
	if *mirrors != "" {
		r := mirrorResolver(*mirrors)
		opts.Resolvers = map[string]space.Resolver{"https": r, "http": r, "ssh": r, "git": r}
	}
	engine := space.New(opts)
	api, err := httpapi.New(engine, httpapi.Options{Token: tok, Logger: log, Settle: *settle})
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	if ip := ln.Addr().(*net.TCPAddr).IP; !ip.IsLoopback() {
		log.Warn("listening beyond loopback: every client that can reach this address and holds the token can sync", "addr", ln.Addr().String())
	}
	fmt.Fprintf(stdout, "gitsync serve: listening on http://%s\n", ln.Addr())

	kept := filepath.Join(*stateDir, pendingFile)
	if err := resumePending(ctx, api, kept, log); err != nil {
		ln.Close()
		return err
	}

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv := &http.Server{
		Handler:           api,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: no new requests; waiting for queued operations", "timeout", *drain)
	sctx, cancel := context.WithTimeout(context.Background(), *drain)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		log.Warn("open connections closed", "error", err)
	}
	left := api.Shutdown(sctx)
	if len(left) > 0 {
		if err := writePending(kept, left); err != nil {
			return err
		}
		log.Info("kept operations that had not started, for the next start", "count", len(left), "file", kept)
	}
	log.Info("stopped")
	return nil
}

// mirrorResolver opens a remote URL from its mirror under dir.
func mirrorResolver(dir string) space.Resolver {
	return func(ctx context.Context, u *url.URL) (syncengine.Source, error) {
		p, err := mirrorPath(dir, u)
		if err != nil {
			return syncengine.Source{}, err
		}
		return syncengine.Source{URL: p}, nil
	}
}

// defaultStateDir is $XDG_STATE_HOME/gitsync, else ~/.local/state/gitsync.
func defaultStateDir() (string, error) {
	if d := os.Getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "gitsync"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no --state and no home folder: %w", err)
	}
	return filepath.Join(home, ".local", "state", "gitsync"), nil
}

// resumePending queues the operations an earlier run kept, then removes the
// file. An operation that cannot be queued again is logged, not fatal.
func resumePending(ctx context.Context, api *httpapi.Handler, file string, log *slog.Logger) error {
	data, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var ops []httpapi.Pending
	if err := json.Unmarshal(data, &ops); err != nil {
		return fmt.Errorf("%s: %w (move it away to start without the kept operations)", file, err)
	}
	ids, err := api.Resume(ctx, ops)
	if err != nil {
		log.Warn("kept operations not queued again", "error", err)
	}
	log.Info("queued operations kept by the last run", "count", len(ids))
	return os.Remove(file)
}

// writePending writes ops to file atomically: a temporary file, fsync,
// rename.
func writePending(file string, ops []httpapi.Pending) error {
	data, err := json.MarshalIndent(ops, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), ".pending-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), file)
}
