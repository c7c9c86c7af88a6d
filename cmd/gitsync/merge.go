package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/seed1bfafebe/gitsync/revision"
)

// errConflicts is returned when a merge leaves conflicts: the command has
// printed them on standard output, and exits 1 like any error (the CLI's
// exit codes are 0, 1 and 2).
var errConflicts = errors.New("conflicts")

func runMerge(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("merge", "merge [-o REV.json] [--take ours|theirs] [--resolutions FILE.json] BASE.json OURS.json THEIRS.json", stderr)
	out := fl.String("o", "", "write the merged revision to `FILE` instead of standard output")
	take := fl.String("take", "", "resolve every conflict with one `side`: ours or theirs")
	resPath := fl.String("resolutions", "", "resolve conflicts from `FILE`: a JSON object from conflict id (c1…) to \"ours\", \"theirs\" or a replacement version ({\"nodes\": […]}, {\"page\": …}, {\"parent\": …}, {\"file\": …}, {\"deleted\": true})")
	pos, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 3 {
		return usagef("want BASE.json OURS.json THEIRS.json, got %d arguments", len(pos))
	}
	if *take != "" && *take != "ours" && *take != "theirs" {
		return usagef("--take is ours or theirs, not %q", *take)
	}
	var revs [3]*revision.Revision
	for i, p := range pos {
		if revs[i], err = readRevision(p); err != nil {
			return err
		}
	}
	res := revision.Merge(revs[0], revs[1], revs[2])
	if *resPath != "" {
		if err := applyResolutions(*resPath, res); err != nil {
			return err
		}
	}
	for _, c := range res.Unresolved() {
		switch *take {
		case "ours":
			c.TakeOurs()
		case "theirs":
			c.TakeTheirs()
		}
	}
	if left := res.Unresolved(); len(left) > 0 {
		if err := writeJSON("", stdout, struct {
			Conflicts []*revision.Conflict `json:"conflicts"`
		}{left}); err != nil {
			return err
		}
		return fmt.Errorf("%w: %d unresolved of %d (printed on standard output)", errConflicts, len(left), len(res.Conflicts))
	}
	rev, err := res.Revision()
	if err != nil {
		return err
	}
	if n := len(res.Conflicts); n > 0 {
		fmt.Fprintf(stderr, "gitsync merge: %d conflicts resolved\n", n)
	}
	return writeJSON(*out, stdout, rev)
}

// applyResolutions reads a resolutions file and applies it.
func applyResolutions(path string, res *revision.MergeResult) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return fmt.Errorf("%s: not a resolutions object: %w", path, err)
	}
	byID := map[string]*revision.Conflict{}
	for _, c := range res.Conflicts {
		byID[c.ID] = c
	}
	for id, raw := range m {
		c := byID[id]
		if c == nil {
			return fmt.Errorf("%s: no conflict %q in this merge", path, id)
		}
		var side string
		if json.Unmarshal(raw, &side) == nil {
			switch strings.ToLower(side) {
			case "ours":
				c.TakeOurs()
			case "theirs":
				c.TakeTheirs()
			default:
				return fmt.Errorf("%s: conflict %s: %q is not ours or theirs", path, id, side)
			}
			continue
		}
		var v revision.Version
		if err := json.Unmarshal(raw, &v); err != nil {
			return fmt.Errorf("%s: conflict %s: %w", path, id, err)
		}
		c.Replace(v)
	}
	return nil
}
