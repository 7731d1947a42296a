package excelio

import "bytes"

// maxTagName is how much of a tag name the counter keeps: enough for any prefix and "row".
const maxTagName = 64

// tagCounter counts the start tags of one XML part as its inflated bytes are written to it, by
// local name whatever the prefix (<x:row> is a row: excelize matches local names too). Nothing
// is buffered but the tag name being read, so a part costs the same whatever its size. A tag
// inside a comment or CDATA section is counted too, which can only refuse more, never less.
type tagCounter struct {
	onTag func(local []byte) error // called for each start tag; its error stops the writer
	inTag bool                     // a '<' was seen and its name is being read
	name  []byte                   // the local name read so far, at most maxTagName bytes
	err   error                    // the first error of onTag, returned by every later Write
}

// Write scans p for start tags. It fails once onTag has failed, so that a copy from the part's
// reader stops inflating at once.
func (c *tagCounter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 && c.err == nil {
		if !c.inTag {
			i := bytes.IndexByte(p, '<')
			if i < 0 {
				break
			}
			p = p[i+1:]
			c.inTag, c.name = true, c.name[:0]
			continue
		}
		p = c.readName(p)
	}
	if c.err != nil {
		return 0, c.err
	}
	return n, nil
}

// readName reads the tag name at the start of p, reports the tag when the name is complete and
// returns the rest of p.
func (c *tagCounter) readName(p []byte) []byte {
	end := nameEnd(p)
	if len(c.name) == 0 && len(p) > 0 && (p[0] == '/' || p[0] == '?' || p[0] == '!') {
		// An end tag, a processing instruction, a comment or a DOCTYPE: nothing to count.
		c.inTag = false
		return p[1:]
	}
	if end < 0 {
		c.keep(p)
		return nil
	}
	if len(c.name) == 0 {
		// The whole name is in p, as nearly always: reported from p rather than copied.
		local := p[:end]
		if i := bytes.LastIndexByte(local, ':'); i >= 0 {
			local = local[i+1:]
		}
		c.inTag = false
		if local = local[:min(len(local), maxTagName)]; len(local) > 0 {
			c.err = c.onTag(local)
		}
		return p[end:]
	}
	c.keep(p[:end])
	c.inTag = false
	if len(c.name) > 0 {
		c.err = c.onTag(c.name)
	}
	return p[end:]
}

// keep appends part of a tag name to the local name read so far: a colon starts it afresh, so a
// prefix of any length is dropped, and a local name is kept up to maxTagName bytes.
func (c *tagCounter) keep(b []byte) {
	if i := bytes.LastIndexByte(b, ':'); i >= 0 {
		c.name, b = c.name[:0], b[i+1:]
	}
	c.name = append(c.name, b[:min(len(b), maxTagName-len(c.name))]...)
}

// nameEnd is the index in p of the first byte that ends a tag name, -1 if none does: a name is a
// few bytes, which a plain loop finds sooner than bytes.IndexAny sets up its search.
func nameEnd(p []byte) int {
	for i, ch := range p {
		switch ch {
		case ' ', '\t', '\r', '\n', '>', '/':
			return i
		}
	}
	return -1
}
