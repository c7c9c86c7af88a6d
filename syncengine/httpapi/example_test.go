package httpapi_test

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing/fstest"
	"time"

	"github.com/seed1bfafebe/gitsync/syncengine"
	"github.com/seed1bfafebe/gitsync/syncengine/httpapi"
	"github.com/seed1bfafebe/gitsync/syncengine/space"
)

// A service mounts the handler next to its own routes. The space engine
// here keeps its state in memory and reads https URLs from the service's
// own copy of the repository; a real service would use space.NewFileStore
// or its database, and a resolver onto its mirrors.
func Example() {
	ctx := context.Background()
	mirror, err := syncengine.MemoryRepository(ctx, fstest.MapFS{
		"SUMMARY.md": {Data: []byte("# Table of contents\n\n* [Home](README.md)\n")},
		"README.md":  {Data: []byte("# Home\n\nWelcome.\n")},
	}, "Initial docs")
	if err != nil {
		log.Fatal(err)
	}
	engine := space.New(space.Options{
		Resolvers: map[string]space.Resolver{
			"https": func(ctx context.Context, u *url.URL) (syncengine.Source, error) { return mirror, nil },
		},
	})
	api, err := httpapi.New(engine, httpapi.Options{
		Token:  "s3cret-token", // os.Getenv("GITSYNC_TOKEN") in a real service
		Logger: slog.New(slog.NewTextHandler(os.Stderr, nil)),
	})
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/v1/spaces/", api) // GitBook's paths, under the API's /v1
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })

	// A real service would now serve mux and, on SIGTERM, stop both:
	//
	//	srv := &http.Server{Addr: "127.0.0.1:8080", Handler: mux}
	//	go srv.ListenAndServe()
	//	<-ctx.Done()
	//	srv.Shutdown(shutdownCtx)
	//	kept := api.Shutdown(shutdownCtx) // store them; api.Resume(ctx, kept) after a restart
	//
	// Here, requests go straight to the mux.
	send := func(method, path, body string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, path, strings.NewReader(body))
		r.Header.Set("Authorization", "Bearer s3cret-token")
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		return w
	}
	w := send("POST", "/v1/spaces/docs/git/import",
		`{"url":"https://x-access-token:ghs_123@github.com/acme/docs.git","ref":"refs/heads/main","timestamp":"2025-01-01T00:00:00Z"}`)
	fmt.Println("import:", w.Code)

	// The import runs in the background: wait for it.
	waitCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	op, err := api.Wait(waitCtx, "docs", w.Header().Get("Gitsync-Operation"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("operation:", op.Direction, op.State)

	w = send("GET", "/v1/spaces/docs/git/info", "")
	fmt.Println("info:", w.Code, strings.Contains(w.Body.String(), `"repoName":"acme/docs"`))
	fmt.Println("content:", send("GET", "/v1/spaces/docs/content", "").Code)
	fmt.Println("never synced:", send("GET", "/v1/spaces/other/git/info", "").Body.String())
	// Output:
	// import: 204
	// operation: import success
	// info: 200 true
	// content: 200
	// never synced: {"error":{"code":404,"message":"space other: space not found"}}
}
