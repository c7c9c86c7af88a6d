package syncengine

import (
	"errors"
	"fmt"
	"testing"
)

func TestRedactURL(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"user and password", "https://user:s3cret@github.com/org/repo.git", "https://github.com/org/repo.git"},
		{"token only", "https://ghp_abc123@github.com/org/repo", "https://github.com/org/repo"},
		{"oauth2 style", "https://oauth2:glpat-xyz@gitlab.example.com:8443/g/p.git", "https://gitlab.example.com:8443/g/p.git"},
		{"at sign in password", "https://u:p@ss@host/r", "https://host/r"},
		{"encoded password", "https://u:p%40ss@host/r", "https://host/r"},
		{"ssh scheme", "ssh://git:pw@host:22/r.git", "ssh://host:22/r.git"},
		{"no userinfo", "https://github.com/org/repo", "https://github.com/org/repo"},
		{"at sign in path only", "https://registry.example.com/@scope/pkg", "https://registry.example.com/@scope/pkg"},
		{"at sign in query", "https://host/r?user=a@b", "https://host/r?user=a@b"},
		{"no path", "https://tok@host", "https://host"},
		{"scp-like kept", "git@github.com:org/repo.git", "git@github.com:org/repo.git"},
		{"local path", "/srv/git/repo", "/srv/git/repo"},
		{"file URL", "file:///srv/git/repo", "file:///srv/git/repo"},
		{"not a scheme", "a b://u:p@host", "a b://u:p@host"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RedactURL(tt.in); got != tt.want {
				t.Errorf("RedactURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRedactText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{
			"git error",
			`fatal: unable to access 'https://bot:tok3n@github.com/o/r.git/': The requested URL returned error: 403`,
			`fatal: unable to access 'https://github.com/o/r.git/': The requested URL returned error: 403`,
		},
		{
			"two URLs",
			"from https://a:b@h1/x to http://c@h2/y",
			"from https://h1/x to http://h2/y",
		},
		{
			"quoted",
			`url "https://u:p@host" failed`,
			`url "https://host" failed`,
		},
		{"email is kept", "contact git@example.com", "contact git@example.com"},
		{"no URL", "nothing to see", "nothing to see"},
		{"at in path kept", "see https://host/@user now", "see https://host/@user now"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RedactText(tt.in); got != tt.want {
				t.Errorf("RedactText(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRedactError(t *testing.T) {
	base := errors.New("boom")
	err := redactError(fmt.Errorf("open https://u:pw@host/r: %w", base))
	if got, want := err.Error(), "open https://host/r: boom"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(err, base) {
		t.Error("errors.Is lost the wrapped error")
	}
	if redactError(nil) != nil {
		t.Error("redactError(nil) != nil")
	}
}
