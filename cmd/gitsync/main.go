// Command gitsync converts GitBook-format Git repositories into GitBook
// revisions and back, offline.
//
// Usage:
//
//	gitsync import [--ref REF] [--dir DIR] [--previous REV.json] [-o REV.json] [--timings] [REPO]
//	gitsync export --revision REV.json [--ref REF] [--dir DIR] -m MSG [--force] [--expect OID] [--author "Name <email>"] [--whole-pages] [--files DIR] [--agents-md FILE] [--revision-out REV.json] REPO
//	gitsync fmt [-l] [-w] [-d] [--dir DIR] [PATH | -]
//	gitsync merge [-o REV.json] [--take ours|theirs] [--resolutions FILE.json] BASE.json OURS.json THEIRS.json
//	gitsync diff OLD.json NEW.json
//	gitsync space import --state DIR --space ID [--ref REF] [--dir DIR] [--standalone] [--force] REPO
//	gitsync space export --state DIR --space ID -m MSG [--force] REPO
//	gitsync space info --state DIR --space ID
//	gitsync serve [--addr 127.0.0.1:8080] [--state DIR] [--token T | GITSYNC_TOKEN] [--mirrors DIR]
//
// Exit codes: 0 success (warnings allowed), 1 error, 2 usage error. A merge
// that leaves conflicts prints them as JSON ({"conflicts": […]}) on
// standard output and exits 1, with one line on standard error; standard
// output is empty on any other error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/seed1bfafebe/gitsync/syncengine"
)

const usage = `usage: gitsync <command> [flags] [args]

commands:
  import   read a repository at a ref into a revision (JSON)
  export   write a revision into a repository as a commit
  fmt      print GitBook Markdown in canonical form
  merge    merge two revisions over their base (conflicts: JSON, exit 1)
  diff     print the semantic changes between two revisions (JSON)
  space    sync a space kept in a state folder (import, export, info)
  serve    serve GitBook's Git Sync API (import, export, info) on loopback

Run 'gitsync <command> -h' for the flags of a command.
`

// errUsage marks an error as a usage error (exit code 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

type command struct {
	name string
	run  func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var commands = []command{
	{"import", runImport},
	{"export", runExport},
	{"fmt", runFmt},
	{"merge", runMerge},
	{"diff", runDiff},
	{"space", runSpace},
	{"serve", runServe},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command line and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, usage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], stdout, stderr)
		var ue usageError
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, &ue):
			fmt.Fprintf(stderr, "gitsync %s: %s\n", c.name, ue.msg)
			return 2
		default:
			fmt.Fprintf(stderr, "gitsync %s: %s\n", c.name, oneLine(syncengine.RedactURL(err.Error())))
			return 1
		}
	}
	fmt.Fprintf(stderr, "gitsync: unknown command %q\n\n%s", args[0], usage)
	return 2
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: gitsync %s\n\nflags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses flags anywhere among the arguments (gofmt-style tools
// take "PATH -w" as well as "-w PATH") and returns the positional ones.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
