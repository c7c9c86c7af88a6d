package gitobj

import (
	"io"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/storage/memory"
)

// TestWriteBlob: the blob is stored under Git's id for its bytes and reads
// back whole.
func TestWriteBlob(t *testing.T) {
	s := memory.NewStorage()
	data := []byte("hello\n")
	h, err := WriteBlob(s, data)
	if err != nil {
		t.Fatal(err)
	}
	if want := plumbing.ComputeHash(plumbing.BlobObject, data); h != want {
		t.Fatalf("id %s, want %s", h, want)
	}
	obj, err := s.EncodedObject(plumbing.BlobObject, h)
	if err != nil {
		t.Fatal(err)
	}
	r, err := obj.Reader()
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(r)
	if string(got) != string(data) {
		t.Errorf("blob reads %q, want %q", got, data)
	}
}
