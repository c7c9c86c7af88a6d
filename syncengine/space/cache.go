package space

import (
	"container/list"
	"sync"
	"sync/atomic"

	"github.com/seed1bfafebe/gitsync/syncengine"
)

// parseCache keeps parsed content files across operations, least recently
// used first out. Keys carry the repoCacheID, so two repositories never
// share an entry even when their blobs match (their link targets differ).
type parseCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // of *cacheEntry, most recent first
	byKey map[cacheKey]*list.Element
}

type cacheKey struct {
	repo string
	key  syncengine.ParseKey
}

type cacheEntry struct {
	key cacheKey
	pf  *syncengine.ParsedFile
}

func newParseCache(max int) *parseCache {
	return &parseCache{max: max, order: list.New(), byKey: map[cacheKey]*list.Element{}}
}

func (c *parseCache) get(k cacheKey) (*syncengine.ParsedFile, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[k]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*cacheEntry).pf, true
}

func (c *parseCache) put(k cacheKey, pf *syncengine.ParsedFile) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[k]; ok {
		el.Value.(*cacheEntry).pf = pf
		c.order.MoveToFront(el)
		return
	}
	c.byKey[k] = c.order.PushFront(&cacheEntry{key: k, pf: pf})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byKey, last.Value.(*cacheEntry).key)
	}
}

// repoCache is the view of the cache one operation uses: one repository,
// with counts of what was parsed and what was reused.
type repoCache struct {
	c            *parseCache
	repo         string
	gets, parsed atomic.Int64
}

// GetParsed implements syncengine.ParseCache.
func (r *repoCache) GetParsed(k syncengine.ParseKey) (*syncengine.ParsedFile, bool) {
	r.gets.Add(1)
	return r.c.get(cacheKey{r.repo, k})
}

// PutParsed implements syncengine.ParseCache.
func (r *repoCache) PutParsed(k syncengine.ParseKey, pf *syncengine.ParsedFile) {
	r.parsed.Add(1)
	r.c.put(cacheKey{r.repo, k}, pf)
}
