package syncengine

// Limits bound what a repository can make the engine read. Zero fields take
// the defaults, which let every real repository of the test corpus through.
type Limits struct {
	// FileSize is the largest file read, in bytes (default 32 MiB).
	FileSize int64
	// Pages is the largest number of pages (default 20,000).
	Pages int
	// TotalBytes is the most page and include bytes parsed in one import
	// (default 512 MiB).
	TotalBytes int64
}

func (l Limits) fileSize() int64 {
	if l.FileSize > 0 {
		return l.FileSize
	}
	return 32 << 20
}

func (l Limits) pages() int {
	if l.Pages > 0 {
		return l.Pages
	}
	return 20000
}

func (l Limits) totalBytes() int64 {
	if l.TotalBytes > 0 {
		return l.TotalBytes
	}
	return 512 << 20
}
