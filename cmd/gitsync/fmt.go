package main

import (
	"context"
	"errors"
	"io"
)

func runFmt(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("fmt is not available yet")
}
